import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PassResult } from './load-variants';
import { writeProfileReport } from './profile-report';

/**
 * Summarises a `bench:load --profile DIR` run again (after editing the layer rules in
 * bench/profile-layers.ts, say) without running it again: the profiles from DIR, each pass's
 * window from the run's results/load-bench-<time>.json.
 */
const [dir, results] = process.argv.slice(2);
if (dir === undefined || results === undefined || dir === '--help') {
  process.stdout.write('Usage: npx tsx bench/profile-summary.ts PROFILE_DIR results/load-bench-<time>.json\n');
  process.exit(dir === '--help' ? 0 : 2);
}
const parsed = JSON.parse(readFileSync(results, 'utf8')) as { pass_results?: PassResult[] };
if (!Array.isArray(parsed.pass_results)) throw new Error(`${results} has no pass_results (written by npm run bench:load)`);
process.stdout.write(`${writeProfileReport(path.resolve(dir), parsed.pass_results)}\n`);
