import { parseArgs } from 'node:util';
import { fuzzPassed, runFuzzSession } from './fuzz-session';

const HELP = `Usage: npm run fuzz -- [--messages N] [--seed S] [--json]

Starts a game node of its own on 127.0.0.1, puts a room of well-behaved bots on it, and sends N
hostile messages (fast-check: random, truncated, mutated and oversized binary inputs; malformed
socket.io packets; join payloads of wrong shapes; unknown events; floods) over raw sockets.
Exit code 1 if the node died, a bot saw a change, or the fuzzing sockets were never cut off.

  --messages N   messages to send        (default 100000, max 2000000)
  --seed S       fast-check seed          (default 8)
  --json         print the report as one JSON line`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { messages: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const messages = Number(values.messages ?? 100_000);
  const seed = Number(values.seed ?? 8);
  if (!Number.isInteger(messages) || messages < 1 || messages > 2_000_000 || !Number.isInteger(seed)) {
    process.stderr.write(`${HELP}\n`);
    process.exit(2);
  }
  const report = await runFuzzSession({ messages, seed, log: (line) => process.stderr.write(`${line}\n`) });
  const passed = fuzzPassed(report);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    const f = report.fuzz;
    process.stdout.write(
      [
        `fuzz: ${f.sent} messages (${f.byKind.binary} binary, ${f.byKind.packet} socket.io packets, ${f.byKind.frame} raw frames) in ${(f.durationMs / 1000).toFixed(1)} s, seed ${seed}`,
        `  connections ${f.connectionsOpened}, closed by the node ${f.closedByServer}, cut off for abuse ${f.cutOffForAbuse}, error replies ${f.errorsReceived}`,
        `  node: alive ${report.nodeAlive}, rejected ${report.after.rejected - report.before.rejected}, handles ${report.before.activeHandles} -> ${report.after.activeHandles}, heap ${mb(report.before.heapUsedBytes)} -> ${mb(report.after.heapUsedBytes)} MB`,
        `  bots: ${report.baselineSnapshotsPerS.toFixed(1)} snapshots/s before, node ticked at ${report.duringTickRateHz.toFixed(1)} Hz during (configured ${report.tickRateHz}), ${(report.deliveredPerTick * 100).toFixed(1)}% of snapshots delivered, longest gap ${Math.round(report.maxGapMs)} ms (fuzzer's own stall ${Math.round(report.fuzzerLoopDelayMaxMs)} ms)`,
        `  problems: ${report.problems.length === 0 ? 'none' : report.problems.join('; ')}`,
        passed ? 'PASS' : 'FAIL',
      ].join('\n') + '\n',
    );
  }
  process.exit(passed ? 0 : 1);
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
