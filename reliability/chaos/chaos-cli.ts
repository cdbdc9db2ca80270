import { parseArgs } from 'node:util';
import { runChaos, type ChaosReport } from './chaos-run';

const HELP = `Usage: npm run chaos -- [--seconds S] [--seed N] [--nodes N] [--json]

Starts a cluster of its own on 127.0.0.1 (redis-server, N game nodes, the balancer), puts bots
in two rooms through the balancer, then for S seconds kills (-9) and restarts nodes and Redis
at random (seeded), one fault at a time, timing each recovery and checking every invariant:
every bot back in its own slot, no score lower, no room lost, no duplicate player, snapshots
at the tick rate again. Exit code 1 when any invariant broke.

  --seconds S   inject faults for S seconds   (default 60, max 3600)
  --seed N      PRNG seed                      (default 1)
  --nodes N     game nodes                     (default 2, max 6)
  --json        print the report as one JSON line`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' }, nodes: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const seconds = Number(values.seconds ?? 60);
  const seed = Number(values.seed ?? 1);
  const nodes = Number(values.nodes ?? 2);
  if (!(seconds > 0 && seconds <= 3600) || !Number.isInteger(seed) || !Number.isInteger(nodes) || nodes < 2 || nodes > 6) {
    process.stderr.write(`${HELP}\n`);
    process.exit(2);
  }
  const report = await runChaos({ seconds, seed, nodes, log: (line) => process.stderr.write(`${line}\n`) });
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${chaosSummary(report)}\n`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}

function chaosSummary(report: ChaosReport): string {
  const nodeFaults = report.faults.filter((f) => f.kind === 'kill-node');
  const redisFaults = report.faults.filter((f) => f.kind === 'kill-redis');
  const stat = (values: number[]) => (values.length === 0 ? 'n/a' : `median ${Math.round(median(values))} ms, max ${Math.round(Math.max(...values))} ms`);
  return [
    `chaos: seed ${report.seed}, ${report.faults.length} faults in ${report.durationS.toFixed(0)} s (${nodeFaults.length} node kills, ${redisFaults.length} Redis kills), ${report.bots} bots in ${report.rooms} rooms`,
    `  node killed -> its rooms ticking again: ${stat(nodeFaults.filter((f) => f.roomsHit.length > 0).map((f) => f.roomTickingAgainMs))}`,
    `  Redis back -> every node healthy:       ${stat(redisFaults.map((f) => f.clusterHealthyMs))}`,
    `  fault -> every invariant holds again:   ${stat(report.faults.map((f) => f.allRecoveredMs))}`,
    `  slowest bot at the end: ${report.finalSnapshotsPerS} snapshots/s`,
    `  problems: ${report.problems.length === 0 ? 'none (no bot lost, no score lower, no room lost, no duplicate)' : report.problems.join('; ')}`,
    report.problems.length === 0 ? 'PASS' : 'FAIL',
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
