/**
 * `--help` for every command-line tool (issue 12: each answers with its usage and exit 0,
 * before it parses or starts anything, so asking never costs a stack trace or a running server).
 */
export function wantsHelp(argv: readonly string[]): boolean {
  // Only ahead of a bare `--`: what follows it belongs to someone else.
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Prints `usage` (stdout, so `| less` works) and exits 0 when the arguments ask for help. */
export function exitWithUsageIfAsked(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!wantsHelp(argv)) return;
  process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
  process.exit(0);
}
