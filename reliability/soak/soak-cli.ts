import { parseArgs } from 'node:util';
import { runSoak, type SoakReport } from './soak-run';
import { mb } from './soak-window';

const HELP = `Usage: npm run soak -- [--minutes M] [--target node|cluster|both] [--bots B] [--json]

Bots play for M minutes against one game node, then against a 2-node cluster (own redis-server,
balancer), all on 127.0.0.1. Each node's /metrics is sampled every second; RSS, heap (window
minimum), active handles and tick time of the first quarter are compared with the last.
Exit code 1 on growth, a dropped bot or a lower score.

  --minutes M    minutes per target           (default 5, max 240)
  --target T     node | cluster | both         (default both)
  --bots B       bots per room, 2 rooms        (default 10, max 40)
  --json         print the reports as JSON lines`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, target: { type: 'string' }, bots: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const minutes = Number(values.minutes ?? 5);
  const bots = Number(values.bots ?? 10);
  const target = values.target ?? 'both';
  if (!(minutes > 0 && minutes <= 240) || !Number.isInteger(bots) || bots < 1 || bots > 40 || !['node', 'cluster', 'both'].includes(target)) {
    process.stderr.write(`${HELP}\n`);
    process.exit(2);
  }
  const targets = target === 'both' ? (['node', 'cluster'] as const) : ([target as 'node' | 'cluster'] as const);
  let failed = false;
  for (const t of targets) {
    const report = await runSoak({ target: t, seconds: minutes * 60, botsPerRoom: bots, log: (line) => process.stderr.write(`${line}\n`) });
    failed ||= report.problems.length > 0;
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${soakSummary(report)}\n`);
  }
  process.exit(failed ? 1 : 0);
}

function soakSummary(report: SoakReport): string {
  return [
    `soak (${report.target}): ${report.bots} bots for ${report.seconds.toFixed(0)} s, slowest bot ${report.slowestSnapshotsPerS.toFixed(1)} snapshots/s`,
    ...report.nodes.map(
      (n) =>
        `  ${n.nodeId}: RSS ${mb(n.start.rssMaxBytes)} -> ${mb(n.end.rssMaxBytes)} MB, heap (min) ${mb(n.start.heapMinBytes)} -> ${mb(n.end.heapMinBytes)} MB, ` +
        `handles ${n.start.handlesMax} -> ${n.end.handlesMax}, tick p99 ${n.start.tickP99MsMax.toFixed(2)} -> ${n.end.tickP99MsMax.toFixed(2)} ms, ticks skipped ${n.ticksSkipped}`,
    ),
    `  problems: ${report.problems.length === 0 ? 'none' : report.problems.join('; ')}`,
    report.problems.length === 0 ? 'PASS' : 'FAIL',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
