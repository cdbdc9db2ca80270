/** Parses `--name value` and `--flag` arguments into a map; unknown names are an error. */
export function parseArgs(argv: string[], known: Record<string, 'number' | 'flag' | 'string'>): Map<string, string | number | boolean> {
  const out = new Map<string, string | number | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const name = arg.slice(2);
    const kind = known[name];
    if (kind === undefined) throw new Error(`Unknown option --${name}; known: ${Object.keys(known).map((k) => `--${k}`).join(' ')}`);
    if (kind === 'flag') {
      out.set(name, true);
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
      out.set(name, n);
    } else out.set(name, value);
  }
  return out;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
