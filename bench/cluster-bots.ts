import { parseArgs } from 'node:util';
import { BotPlayer, type BotLatencySinks } from '../bots/bot-player';
import { LatencyHistogram } from '../bots/latency-histogram';
import { SharedReplicas } from '../bots/shared-replicas';

/**
 * The bot side of `npm run bench:load -- --cluster`, in its own process: joins P bots to each
 * of the given (already created) rooms through one URL, then plays for the window. Unlike
 * `run-bots`, it files every bot's echo samples by where the bot landed: on the room's owner
 * node ("local") or on another node ("remote": its inputs are relayed over Redis and its
 * room's snapshots come back through the Redis adapter). The difference is the cross-node
 * latency. Prints JSON lines on stdout: {"event":"window-start"}, then {"event":"summary",...}
 * the moment the window ends (before the bots leave), so the bench scrapes the servers at the
 * same two instants.
 */

const JOIN_TIMEOUT_MS = 15_000;
const MAX_BOTS = 2000;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    codes: { type: 'string' },
    players: { type: 'string' },
    duration: { type: 'string' },
    ramp: { type: 'string' },
  },
  strict: true,
});
const url = values.url ?? 'http://127.0.0.1:3000';
const codes = (values.codes ?? '').split(',').filter((c) => c !== '');
const perRoom = Number(values.players ?? 20);
const durationS = Number(values.duration ?? 10);
const rampS = Number(values.ramp ?? 1);
const total = codes.length * perRoom;
if (!(total >= 1 && total <= MAX_BOTS)) throw new Error(`1..${MAX_BOTS} bots, got ${total}`);
if (!(durationS > 0 && durationS <= 600) || !(rampS >= 0 && rampS <= 60)) throw new Error('bad --duration / --ramp');

const echo = { local: new LatencyHistogram(), remote: new LatencyHistogram(), all: new LatencyHistogram() };
const rtt = new LatencyHistogram();

/** Records into the bot's own group (local/remote) and the overall histogram. */
class Pair extends LatencyHistogram {
  // One shared instance per group: the base class's own buckets stay unused.
  constructor(private readonly group: LatencyHistogram) {
    super();
  }
  override record(ms: number): void {
    this.group.record(ms);
    echo.all.record(ms);
  }
}
const sinkOf = { local: new Pair(echo.local), remote: new Pair(echo.remote) };

interface Seat {
  bot: BotPlayer;
  sinks: BotLatencySinks;
  remote: boolean | null;
  nodeId: string;
}

const seats: Seat[] = [];
// Bots of a room share one decode per tick (issue 11 §4), as in run-bots.
const replicas = new SharedReplicas();
let failedJoins = 0;
let disconnects = 0;
let stopping = false;
const startedMs = performance.now();
const gapMs = total > 1 ? (rampS * 1000) / total : 0;
const joins: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const waitMs = startedMs + i * gapMs - performance.now();
  if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const sinks: BotLatencySinks = { echo: sinkOf.local, rtt };
  const bot = new BotPlayer({ url, name: `bot${i}`, quirk: i, latency: sinks, wireParser: 'custom', replicaFor: replicas.replicaFor });
  const seat: Seat = { bot, sinks, remote: null, nodeId: '' };
  seats.push(seat);
  // Re-filed on every welcome (a resume may land elsewhere).
  bot.connection.on('welcome', (welcome) => {
    seat.remote = welcome.nodeId !== welcome.ownerNodeId;
    seat.nodeId = welcome.nodeId;
    sinks.echo = seat.remote ? sinkOf.remote : sinkOf.local;
  });
  bot.connection.on('connectionLost', () => {
    if (!stopping) disconnects++;
  });
  const code = codes[Math.floor(i / perRoom)];
  joins.push(
    Promise.race([
      bot.join(code).then(() => undefined),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('join timeout')), JOIN_TIMEOUT_MS).unref()),
    ]).catch(() => {
      failedJoins++;
      seat.remote = null;
      bot.stop();
    }),
  );
}
await Promise.all(joins);

for (const h of [echo.local, echo.remote, echo.all, rtt]) h.clear();
const snapshotsNow = () => seats.reduce((sum, s) => sum + s.bot.connection.snapshotsReceived, 0);
const inputsNow = () => seats.reduce((sum, s) => sum + s.bot.inputsSent, 0);
const snapshotsBefore = snapshotsNow();
const inputsBefore = inputsNow();
const cpuBefore = process.cpuUsage();
const windowStartMs = performance.now();
process.stdout.write(`${JSON.stringify({ event: 'window-start' })}\n`);
await new Promise((resolve) => setTimeout(resolve, durationS * 1000));
const windowS = (performance.now() - windowStartMs) / 1000;
const cpu = process.cpuUsage(cpuBefore);

const joined = seats.filter((s) => s.remote !== null);
const perNode: Record<string, number> = {};
for (const s of joined) perNode[s.nodeId] = (perNode[s.nodeId] ?? 0) + 1;
const round = (v: number, d = 1) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);
const stats = (h: LatencyHistogram) => ({ n: h.count, p50: round(h.percentile(50)), p99: round(h.percentile(99)), mean: round(h.count > 0 ? h.sumMs / h.count : Number.NaN) });
process.stdout.write(
  `${JSON.stringify({
    event: 'summary',
    clients: total,
    connected: joined.length,
    failed_joins: failedJoins,
    disconnects,
    remote_players: joined.filter((s) => s.remote === true).length,
    per_node: perNode,
    window_s: round(windowS, 2),
    echo_all: stats(echo.all),
    echo_local: stats(echo.local),
    echo_remote: stats(echo.remote),
    rtt_p50_ms: round(rtt.percentile(50)),
    rtt_p99_ms: round(rtt.percentile(99)),
    snapshots_per_client_per_s: round((snapshotsNow() - snapshotsBefore) / Math.max(1, joined.length) / windowS, 2),
    inputs_per_client_per_s: round((inputsNow() - inputsBefore) / Math.max(1, joined.length) / windowS, 2),
    bot_cpu_cores: round((cpu.user + cpu.system) / 1e6 / windowS, 2),
  })}\n`,
);
stopping = true;
for (const s of seats) s.bot.leave();
setTimeout(() => process.exit(0), 500).unref();
