import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { histogramQuantileBetween, parsePromText, promValue, type PromSample } from './prom-text';
import { passProfileDir } from './profile-dirs';
import { startBenchNode } from './bench-node';

/**
 * One pass of one variant of `npm run bench:load`: a server process (a Roundtrip node or the
 * floor), a bot process, the server's figures from /metrics before and after the window and
 * the bots' from their JSON line.
 */

export const PLAYERS_PER_ROOM = 20;
/** The fixed input rate of the `-30` variants (the old one input per tick). */
export const FIXED_INPUT_RATE_HZ = 30;
const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * Sampling interval of --profile, µs: a prime, not V8's 1000, because at 1000 the sampler
 * locks onto millisecond-aligned timers (the bots' input ticker, the tick loop) and hands
 * whatever they run a share out of all proportion (pings at 1/30 of the inputs showed up as
 * large as the inputs).
 */
const PROFILE_INTERVAL_US = 397;

export interface VariantSpec {
  label: string;
  server: 'roundtrip' | 'floor';
  env: Record<string, string>;
  wireParser: 'custom' | 'default';
  /** Fixed inputs per second, or undefined for the bots' default behaviour. */
  inputRateHz: number | undefined;
  color: string;
}

export const VARIANTS = {
  floor: { label: 'floor (bare ws), 30 inputs/s', server: 'floor', env: {}, wireParser: 'custom', inputRateHz: FIXED_INPUT_RATE_HZ, color: '#6e7781' },
  'binary-30': { label: 'binary, 30 inputs/s', server: 'roundtrip', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'custom' }, wireParser: 'custom', inputRateHz: FIXED_INPUT_RATE_HZ, color: '#1a7f37' },
  binary: { label: 'binary, default inputs', server: 'roundtrip', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'custom' }, wireParser: 'custom', inputRateHz: undefined, color: '#2da44e' },
  'binary-norec': { label: 'binary, default inputs, no recording', server: 'roundtrip', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'custom', REPLAY_ROUNDS_PER_ROOM: '0' }, wireParser: 'custom', inputRateHz: undefined, color: '#8250df' },
  json: { label: 'JSON baseline, 30 inputs/s', server: 'roundtrip', env: { SNAPSHOT_CODEC: 'json', WIRE_PARSER: 'custom' }, wireParser: 'custom', inputRateHz: FIXED_INPUT_RATE_HZ, color: '#cf222e' },
  'default-parser': { label: 'binary, socket.io default parser, 30 inputs/s', server: 'roundtrip', env: { SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'default' }, wireParser: 'default', inputRateHz: FIXED_INPUT_RATE_HZ, color: '#0969da' },
} as const satisfies Record<string, VariantSpec>;
export type Variant = keyof typeof VARIANTS;
export const DEFAULT_VARIANTS: Variant[] = ['floor', 'binary-30', 'binary', 'json'];

interface BotJson {
  connected: number;
  failed_joins: number;
  disconnects: number;
  echo_p50_ms: number | null;
  echo_p99_ms: number | null;
  rtt_p50_ms: number | null;
  snapshots_per_client_per_s: number;
  bytes_per_client_per_s: number;
  wire_bytes_per_client_per_s: number;
  inputs_per_client_per_s: number;
  bot_cpu_cores: number;
  decodes_per_snapshot?: number;
}

/** One pass's figures. */
export interface PassResult {
  variant: Variant;
  players: number;
  pass: number;
  connected: number;
  failedJoins: number;
  disconnects: number;
  serverCpuCores: number;
  cpuMsPerClientS: number;
  /** Share of the server's CPU spent in the kernel (loopback TCP sends and receives, mostly). */
  systemCpuShare: number;
  rssMb: number;
  tickP50Ms: number;
  tickP99Ms: number;
  ticksSkipped: number;
  eventLoopLagP99Ms: number;
  payloadBytesPerClientS: number;
  wireBytesPerClientS: number;
  snapshotsPerClientS: number;
  inputsPerClientS: number;
  echoP50Ms: number;
  echoP99Ms: number;
  rttP50Ms: number;
  botCpuCores: number;
  decodesPerSnapshot: number;
  /** The server-side window on the monotonic clock (µs), to cut profiles to it. */
  windowUs: [number, number];
}

export interface PassOptions {
  variant: Variant;
  players: number;
  pass: number;
  durationS: number;
  /** Bytes of a floor snapshot (what Roundtrip sends for the room size). */
  floorSnapshotBytes: number;
  /** Write the server's and the bots' CPU profiles under this folder. */
  profileDir?: string;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scrape(url: string): Promise<PromSample[]> {
  const response = await fetch(`${url}/metrics`);
  return parsePromText(await response.text());
}

interface BotRun {
  /** Resolves when the bots' measured window starts (every join settled); rejects if they exit first. */
  windowStart: Promise<void>;
  summary: Promise<BotJson>;
}

const WINDOW_START_MARKER = '"event":"window-start"';

function runBots(spec: VariantSpec, url: string, players: number, durationS: number, nodeArgs: string[]): BotRun {
  const rooms = players / PLAYERS_PER_ROOM;
  const rampS = Math.max(1, Math.ceil(players / 250));
  const common = ['--url', url, '--rooms', String(rooms), '--players', String(PLAYERS_PER_ROOM), '--duration', String(durationS), '--ramp', String(rampS)];
  const rate = spec.inputRateHz === undefined ? [] : ['--input-rate', String(spec.inputRateHz)];
  const script = spec.server === 'floor' ? ['bench/floor-bots.ts'] : ['bots/run-bots.ts', '--wire-parser', spec.wireParser, '--json'];
  const args = [...nodeArgs, '--import', 'tsx', ...script, ...common, ...rate];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const windowStart = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: string) => {
      err = (err + chunk).slice(-4096);
      if (err.includes(WINDOW_START_MARKER)) resolve();
    });
    child.once('exit', () => reject(new Error(`bots exited before their window: ${err.slice(-300)}`)));
  });
  const summary = new Promise<BotJson>((resolve, reject) => {
    child.on('exit', () => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as BotJson);
      } catch {
        reject(new Error(`bots printed no summary: ${out.slice(0, 300)}`));
      }
    });
  });
  // Whichever the caller does not await must not surface as an unhandled rejection.
  windowStart.catch(() => undefined);
  summary.catch(() => undefined);
  return { windowStart, summary };
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? Number.NaN : v);

export async function runPass(options: PassOptions): Promise<PassResult> {
  const { variant, players, durationS } = options;
  const spec: VariantSpec = VARIANTS[variant];
  const profileArgs = (who: 'server' | 'bots'): string[] => {
    if (options.profileDir === undefined) return [];
    const dir = passProfileDir(options.profileDir, variant, players, options.pass, who);
    mkdirSync(dir, { recursive: true });
    return ['--cpu-prof', '--cpu-prof-interval', String(PROFILE_INTERVAL_US), '--cpu-prof-dir', dir];
  };
  const server =
    spec.server === 'floor'
      ? await startBenchNode({}, { script: 'bench/floor-main.ts', args: ['--players', String(PLAYERS_PER_ROOM), '--snapshot-bytes', String(options.floorSnapshotBytes)], nodeArgs: profileArgs('server') })
      : await startBenchNode({ ...spec.env, MAX_PLAYERS_PER_ROOM: String(PLAYERS_PER_ROOM) }, {
          nodeArgs: profileArgs('server'),
          // A profile of the bundle names one file for every layer: profile the sources instead.
          ...(options.profileDir !== undefined ? { script: 'server/main.ts' } : {}),
        });
  try {
    const bots = runBots(spec, server.url, players, durationS, profileArgs('bots'));
    // The bots' window starts once every join settled (welcomed, refused or timed out); the
    // server is measured over the same window, also when some joins failed.
    await bots.windowStart;
    const before = await scrape(server.url);
    const startMs = performance.now();
    const startUs = nowUs();
    await sleep(Math.max(500, durationS * 1000 - 500));
    const after = await scrape(server.url);
    const windowS = (performance.now() - startMs) / 1000;
    const endUs = nowUs();
    const b = await bots.summary;
    const cpuS = promValue(after, 'process_cpu_seconds_total') - promValue(before, 'process_cpu_seconds_total');
    const serverCpuCores = cpuS / windowS;
    const systemS = promValue(after, 'process_cpu_system_seconds_total') - promValue(before, 'process_cpu_system_seconds_total');
    return {
      variant,
      players,
      pass: options.pass,
      connected: b.connected,
      failedJoins: b.failed_joins,
      disconnects: b.disconnects,
      serverCpuCores,
      cpuMsPerClientS: (serverCpuCores * 1000) / players,
      systemCpuShare: cpuS > 0 ? systemS / cpuS : Number.NaN,
      rssMb: promValue(after, 'process_resident_memory_bytes') / 2 ** 20,
      tickP50Ms: histogramQuantileBetween(before, after, 'roundtrip_tick_duration_seconds', 0.5) * 1000,
      tickP99Ms: histogramQuantileBetween(before, after, 'roundtrip_tick_duration_seconds', 0.99) * 1000,
      ticksSkipped: promValue(after, 'roundtrip_ticks_skipped_total') - promValue(before, 'roundtrip_ticks_skipped_total'),
      eventLoopLagP99Ms: promValue(after, 'roundtrip_event_loop_lag_seconds', { quantile: '0.99' }) * 1000,
      payloadBytesPerClientS: b.bytes_per_client_per_s,
      wireBytesPerClientS: b.wire_bytes_per_client_per_s,
      snapshotsPerClientS: b.snapshots_per_client_per_s,
      inputsPerClientS: b.inputs_per_client_per_s,
      echoP50Ms: num(b.echo_p50_ms),
      echoP99Ms: num(b.echo_p99_ms),
      rttP50Ms: num(b.rtt_p50_ms),
      botCpuCores: b.bot_cpu_cores,
      decodesPerSnapshot: num(b.decodes_per_snapshot),
      windowUs: [startUs, endUs],
    };
  } finally {
    await server.stop();
  }
}
