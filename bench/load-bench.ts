import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { histogramQuantileBetween, parsePromText, promValue, type PromSample } from './prom-text';
import { startServerProcess } from './server-process';
import { renderChart, type Series } from './svg-chart';

/**
 * `npm run bench:load`: a server in one process, the bots in another, on loopback; for each
 * codec variant and player count it prints the server's own figures (from /metrics) beside
 * the bots' (from `run-bots --json`), then ratios, a JSON line and an SVG chart in results/.
 * Issue #5 targets (1000 players = 50 rooms x 20, 30 Hz) are printed next to the numbers.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const PLAYERS_PER_ROOM = 20;

const VARIANTS = {
  binary: { label: 'binary (ours)', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'custom' }, wireParser: 'custom', color: '#1a7f37' },
  json: { label: 'JSON baseline', env: { SNAPSHOT_CODEC: 'json', WIRE_PARSER: 'custom' }, wireParser: 'custom', color: '#cf222e' },
  'default-parser': { label: 'binary, socket.io default parser', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'default' }, wireParser: 'default', color: '#0969da' },
} as const;
type Variant = keyof typeof VARIANTS;

interface BotJson {
  clients: number;
  connected: number;
  failed_joins: number;
  disconnects: number;
  errors: number;
  window_s: number;
  rtt_p50_ms: number | null;
  rtt_p99_ms: number | null;
  echo_p50_ms: number | null;
  echo_p99_ms: number | null;
  snapshots_per_client_per_s: number;
  bytes_per_client_per_s: number;
  wire_bytes_per_client_per_s: number;
  wire_frames_per_client_per_s: number;
  bot_cpu_cores: number;
}

interface RunResult {
  variant: Variant;
  players: number;
  connected: number;
  failedJoins: number;
  disconnects: number;
  serverCpuCores: number;
  serverCpuUsPerPlayerTick: number;
  serverCpuMsPerClientS: number;
  serverRssMb: number;
  tickP50Ms: number;
  tickP99Ms: number;
  ticksSkipped: number;
  eventLoopLagP99Ms: number;
  payloadBytesPerClientS: number;
  wireBytesPerClientS: number;
  wireToPayload: number;
  snapshotsPerClientS: number;
  echoP50Ms: number;
  echoP99Ms: number;
  rttP50Ms: number;
  botCpuCores: number;
}

const { values } = parseArgs({
  options: {
    players: { type: 'string' },
    duration: { type: 'string' },
    variants: { type: 'string' },
    quick: { type: 'boolean' },
    cluster: { type: 'boolean' },
    strategies: { type: 'string' },
    repeats: { type: 'string' },
    'no-direct': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run bench:load -- [--players 100,200,500,1000] [--duration 15] [--variants binary,json,default-parser] [--quick]
       npm run bench:load -- --cluster [--players 200,400] [--duration 10] [--strategies round-robin,room-affinity] [--repeats 1] [--no-direct]
  --cluster: 1 node direct vs 2 nodes + balancer + a redis-server of the bench's own (docs/scaling.md)\n`);
  process.exit(0);
}
const quick = values.quick === true;
const cluster = values.cluster === true;
const playerCounts = (values.players ?? (cluster ? '200,400' : quick ? '100,200' : '100,200,500,1000')).split(',').map((s) => Number(s.trim()));
const durationS = Number(values.duration ?? (cluster ? 10 : quick ? 6 : 15));
const variants = (values.variants ?? 'binary,json,default-parser').split(',').map((s) => s.trim()) as Variant[];
for (const p of playerCounts) if (!(Number.isInteger(p) && p >= PLAYERS_PER_ROOM && p <= 5000 && p % PLAYERS_PER_ROOM === 0)) throw new Error(`--players: multiples of ${PLAYERS_PER_ROOM} up to 5000, got ${p}`);
for (const v of variants) if (!(v in VARIANTS)) throw new Error(`--variants: one of ${Object.keys(VARIANTS).join(', ')}, got ${v}`);
if (!(durationS > 0 && durationS <= 600)) throw new Error('--duration must be in (0, 600] s');
const CLUSTER_STRATEGIES = ['round-robin', 'room-affinity', 'least-connections'];
const strategies = (values.strategies ?? 'round-robin,room-affinity').split(',').map((s) => s.trim()).filter((s) => s !== '');
for (const s of strategies) if (!CLUSTER_STRATEGIES.includes(s)) throw new Error(`--strategies: ${CLUSTER_STRATEGIES.join(', ')} (ip-hash would put every loopback bot on one node), got ${s}`);
const repeats = Number(values.repeats ?? 1);
if (!(Number.isInteger(repeats) && repeats >= 1 && repeats <= 5)) throw new Error('--repeats must be 1..5');

async function scrape(url: string): Promise<PromSample[]> {
  const response = await fetch(`${url}/metrics`);
  return parsePromText(await response.text());
}

async function waitForPlayers(url: string, players: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (promValue(await scrape(url), 'roundtrip_players_connected') >= players) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function runBots(url: string, players: number, wireParser: string): Promise<BotJson> {
  const rooms = players / PLAYERS_PER_ROOM;
  const rampS = Math.max(1, Math.ceil(players / 250));
  const args = ['--import', 'tsx', 'bots/run-bots.ts', '--url', url, '--rooms', String(rooms), '--players', String(PLAYERS_PER_ROOM), '--duration', String(durationS), '--ramp', String(rampS), '--wire-parser', wireParser, '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('exit', () => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as BotJson);
      } catch {
        reject(new Error(`bots printed no summary: ${out.slice(0, 300)}`));
      }
    });
  });
}

async function runOne(variant: Variant, players: number): Promise<RunResult> {
  const spec = VARIANTS[variant];
  const server = await startServerProcess({ ...spec.env, MAX_PLAYERS_PER_ROOM: String(PLAYERS_PER_ROOM), MAX_ROOMS: '1000', ROOM_CREATE_LIMIT_PER_MINUTE: '100000', MAX_ROOMS_PER_ADDRESS: '100000' });
  try {
    const bots = runBots(server.url, players, spec.wireParser);
    await waitForPlayers(server.url, players, 60_000);
    // The bots' own window starts once every join settled: the same moment, near enough.
    const before = await scrape(server.url);
    const startMs = performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(500, durationS * 1000 - 500)));
    const after = await scrape(server.url);
    const windowS = (performance.now() - startMs) / 1000;
    const b = await bots;
    const cpuS = promValue(after, 'process_cpu_seconds_total') - promValue(before, 'process_cpu_seconds_total');
    const ticks = promValue(after, 'roundtrip_ticks_total') - promValue(before, 'roundtrip_ticks_total');
    const serverCpuCores = cpuS / windowS;
    const num = (v: number | null) => (v === null ? Number.NaN : v);
    return {
      variant,
      players,
      connected: b.connected,
      failedJoins: b.failed_joins,
      disconnects: b.disconnects,
      serverCpuCores,
      serverCpuUsPerPlayerTick: (cpuS * 1e6) / Math.max(1, ticks) / players,
      serverCpuMsPerClientS: (serverCpuCores * 1000) / players,
      serverRssMb: promValue(after, 'process_resident_memory_bytes') / 2 ** 20,
      tickP50Ms: histogramQuantileBetween(before, after, 'roundtrip_tick_duration_seconds', 0.5) * 1000,
      tickP99Ms: histogramQuantileBetween(before, after, 'roundtrip_tick_duration_seconds', 0.99) * 1000,
      ticksSkipped: promValue(after, 'roundtrip_ticks_skipped_total') - promValue(before, 'roundtrip_ticks_skipped_total'),
      eventLoopLagP99Ms: promValue(after, 'roundtrip_event_loop_lag_seconds', { quantile: '0.99' }) * 1000,
      payloadBytesPerClientS: b.bytes_per_client_per_s,
      wireBytesPerClientS: b.wire_bytes_per_client_per_s,
      wireToPayload: b.wire_bytes_per_client_per_s / Math.max(1, b.bytes_per_client_per_s),
      snapshotsPerClientS: b.snapshots_per_client_per_s,
      echoP50Ms: num(b.echo_p50_ms),
      echoP99Ms: num(b.echo_p99_ms),
      rttP50Ms: num(b.rtt_p50_ms),
      botCpuCores: b.bot_cpu_cores,
    };
  } finally {
    await server.stop();
  }
}

const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

function table(results: RunResult[]): string {
  const head = ['variant', 'players', 'conn', 'srv CPU', 'us/pl/tick', 'RSS MB', 'tick p50', 'tick p99', 'skipped', 'lag p99', 'wire B/cl/s', 'wire/payload', 'snap/s', 'echo p50', 'echo p99', 'bot CPU'];
  const rows = results.map((r) => [
    r.variant,
    String(r.players),
    // '!' marks a run where not every bot joined: its server figures cover fewer players.
    r.connected < r.players ? `${r.connected}!` : String(r.connected),
    `${f(r.serverCpuCores * 100, 0)}%`,
    f(r.serverCpuUsPerPlayerTick),
    f(r.serverRssMb, 0),
    f(r.tickP50Ms, 2),
    f(r.tickP99Ms, 2),
    String(r.ticksSkipped),
    f(r.eventLoopLagP99Ms, 2),
    f(r.wireBytesPerClientS, 0),
    f(r.wireToPayload, 2),
    f(r.snapshotsPerClientS),
    f(r.echoP50Ms),
    f(r.echoP99Ms),
    `${f(r.botCpuCores * 100, 0)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function ratios(results: RunResult[]) {
  const out: { players: number; vs: Variant; wireBytesRatio: number; serverCpuRatio: number }[] = [];
  for (const players of playerCounts) {
    const ours = results.find((r) => r.variant === 'binary' && r.players === players);
    if (ours === undefined) continue;
    for (const other of results.filter((r) => r.players === players && r.variant !== 'binary')) {
      out.push({
        players,
        vs: other.variant,
        wireBytesRatio: other.wireBytesPerClientS / ours.wireBytesPerClientS,
        serverCpuRatio: other.serverCpuMsPerClientS / ours.serverCpuMsPerClientS,
      });
    }
  }
  return out;
}

if (cluster) {
  const { runClusterBench } = await import('./cluster-bench');
  await runClusterBench({ playerCounts, durationS, strategies, repeats, includeDirect: values['no-direct'] !== true });
} else await singleNodeBench();

async function singleNodeBench(): Promise<void> {
  const results: RunResult[] = [];
  for (const players of playerCounts) {
    for (const variant of variants) {
      process.stderr.write(`bench:load ${variant} with ${players} players for ${durationS} s...\n`);
      results.push(await runOne(variant, players));
    }
  }

  const ratioRows = ratios(results);
  process.stdout.write(`\nRoundtrip load bench: ${PLAYERS_PER_ROOM} players per room, 30 Hz, ${durationS} s per run, server and bots on this machine (${(await import('node:os')).cpus().length} cores)\n\n`);
  process.stdout.write(`${table(results)}\n\n`);
  if (results.some((r) => r.connected < r.players)) process.stdout.write('! = not every bot joined (or the bots fell behind): that run is not comparable; rerun on a quieter machine\n');
  process.stdout.write('srv CPU: server process CPU (100% = one core); us/pl/tick: server CPU per player per tick, all in (issue #5 target <= 25)\n');
  process.stdout.write('tick p99 target < 5 ms; skipped target 0; lag p99 target < 5 ms; echo p50 <= 25 ms, p99 <= 45 ms; wire/payload <= 1.10\n\n');
  for (const r of ratioRows) {
    process.stdout.write(`${r.players} players: ${r.vs} uses ${f(r.wireBytesRatio, 1)}x the wire bytes and ${f(r.serverCpuRatio, 1)}x the server CPU per client of binary\n`);
  }

  mkdirSync(path.join(ROOT, 'results'), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const series = (pick: (r: RunResult) => number, suffix = '', dashed = false): Series[] =>
    variants.map((variant) => ({
      name: `${VARIANTS[variant].label}${suffix}`,
      color: VARIANTS[variant].color,
      dashed,
      points: results.filter((r) => r.variant === variant).map((r) => ({ x: r.players, y: pick(r) })),
    }));
  const svg = renderChart('Roundtrip: one server process, bots on loopback, 30 Hz', 'players (20 per room)', [
    { title: 'Tick duration p99 (ms)', yLabel: 'ms', series: series((r) => r.tickP99Ms), targetY: 5 },
    { title: 'Server CPU per player per tick (us)', yLabel: 'microseconds', series: series((r) => r.serverCpuUsPerPlayerTick), targetY: 25 },
    { title: 'Bandwidth per client (wire bytes/s)', yLabel: 'bytes/s (log)', series: series((r) => r.wireBytesPerClientS), logY: true },
  ]);
  const svgPath = path.join(ROOT, 'results', `load-bench-${stamp}.svg`);
  writeFileSync(svgPath, svg);
  const json = { durationS, playersPerRoom: PLAYERS_PER_ROOM, results, ratios: ratioRows };
  writeFileSync(path.join(ROOT, 'results', `load-bench-${stamp}.json`), JSON.stringify(json, null, 2));
  process.stdout.write(`\nchart: ${path.relative(ROOT, svgPath)}\n`);
  process.stdout.write(`${JSON.stringify(json)}\n`);
}
