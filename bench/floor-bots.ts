import { parseArgs } from 'node:util';
import { LatencyHistogram } from '../bots/latency-histogram';
import { summaryJson } from '../bots/load-report';
import type { LoadSummary } from '../bots/load-runner';
import { FloorBot } from './floor-bot';

/**
 * The bot side of the floor variant (`npm run bench:load -- --variants floor`): R rooms x P
 * raw-WebSocket bots against bench/floor-main.ts, joins spread over the ramp, then a window
 * of --duration seconds; prints the same JSON line as `npm run bots -- --json`.
 */
const HELP = `Usage: tsx bench/floor-bots.ts --url http://127.0.0.1:PORT [--rooms 10] [--players 20] [--duration 15] [--ramp 1] [--input-rate 30]`;
const JOIN_TIMEOUT_MS = 15_000;
const MAX_BOTS = 5000;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rooms: { type: 'string' },
    players: { type: 'string' },
    duration: { type: 'string' },
    ramp: { type: 'string' },
    'input-rate': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const url = values.url ?? 'http://127.0.0.1:3000';
const rooms = Number(values.rooms ?? 10);
const perRoom = Number(values.players ?? 20);
const durationS = Number(values.duration ?? 15);
const rampS = Number(values.ramp ?? 1);
const inputRateHz = values['input-rate'] === undefined ? undefined : Number(values['input-rate']);
const clients = rooms * perRoom;
if (!(Number.isInteger(clients) && clients >= 1 && clients <= MAX_BOTS) || !(durationS > 0 && durationS <= 600) || !(rampS >= 0 && rampS <= 60) || (inputRateHz !== undefined && !(inputRateHz > 0 && inputRateHz <= 120))) {
  process.stderr.write(`bad options\n\n${HELP}\n`);
  process.exit(2);
}

const latency = { echo: new LatencyHistogram(), rtt: new LatencyHistogram() };
const bots: FloorBot[] = [];
let connected = 0;
let failedJoins = 0;
const startedMs = performance.now();
const gapMs = clients > 1 ? (rampS * 1000) / clients : 0;
const joins: Promise<void>[] = [];
for (let i = 0; i < clients; i++) {
  const waitMs = startedMs + i * gapMs - performance.now();
  if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const bot = new FloorBot({ url, room: Math.floor(i / perRoom), inputRateHz, latency });
  bots.push(bot);
  let timer: ReturnType<typeof setTimeout> | undefined;
  joins.push(
    Promise.race([bot.join(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('join timeout')), JOIN_TIMEOUT_MS)))]).then(
      () => {
        clearTimeout(timer);
        connected++;
      },
      () => {
        clearTimeout(timer);
        failedJoins++;
        bot.close();
      },
    ),
  );
}
await Promise.all(joins);

const totals = () => bots.reduce((t, b) => ({ snapshots: t.snapshots + b.snapshotsReceived, bytes: t.bytes + b.bytesIn, wire: t.wire + b.wireBytesIn, frames: t.frames + b.framesIn, inputs: t.inputs + b.inputsSent }), { snapshots: 0, bytes: 0, wire: 0, frames: 0, inputs: 0 });
latency.echo.clear();
latency.rtt.clear();
const before = totals();
const cpuBefore = process.cpuUsage();
const windowStartMs = performance.now();
// The same marker as run-bots --json: the bench measures the server over this window.
process.stderr.write(`${JSON.stringify({ event: 'window-start' })}\n`);
await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
const windowS = (performance.now() - windowStartMs) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const after = totals();
const perClient = (delta: number) => (connected > 0 ? delta / connected / windowS : 0);
const disconnects = bots.filter((b) => b.dropped).length;
const summary: LoadSummary = {
  clients,
  connected,
  failedJoins,
  disconnects,
  errors: failedJoins,
  serverErrorsByCode: {},
  decodeErrors: 0,
  // Floor bots do not predict (there is no game to predict): nothing to correct.
  correctionsPerMin: 0,
  maxCorrectionTiles: 0,
  windowS,
  rttP50Ms: latency.rtt.percentile(50),
  rttP95Ms: latency.rtt.percentile(95),
  rttP99Ms: latency.rtt.percentile(99),
  echoP50Ms: latency.echo.percentile(50),
  echoP99Ms: latency.echo.percentile(99),
  snapshotsPerClientPerS: perClient(after.snapshots - before.snapshots),
  bytesPerClientPerS: perClient(after.bytes - before.bytes),
  wireBytesPerClientPerS: perClient(after.wire - before.wire),
  wireFramesPerClientPerS: perClient(after.frames - before.frames),
  inputsPerClientPerS: perClient(after.inputs - before.inputs),
  botCpuCores: (cpu.user + cpu.system) / 1e6 / windowS,
  // Floor snapshots carry nothing to decode.
  decodesPerSnapshot: 0,
  aborted: false,
};
process.stdout.write(`${JSON.stringify(summaryJson(summary))}\n`);
for (const bot of bots) bot.close();
process.exitCode = failedJoins === 0 && disconnects === 0 ? 0 : 1;
setTimeout(() => process.exit(process.exitCode), 500).unref();
