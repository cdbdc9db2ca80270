import type { WireParserKind } from '../shared/protocol/wire-parser-kind';
import { BotPlayer } from './bot-player';
import { LatencyHistogram } from './latency-histogram';
import { SharedReplicas } from './shared-replicas';

/** Hard limits, so a typo cannot start a runaway test (issue #5). */
export const MAX_BOTS = 5000;
export const MAX_DURATION_S = 3600;
export const MAX_RAMP_S = 600;
/** A fixed input rate above one per tick only earns RATE_LIMITED and stamp errors. */
export const MAX_INPUT_RATE_HZ = 60;
/** A join not welcomed within this long counts as failed. */
const JOIN_TIMEOUT_MS = 15_000;

export interface LoadOptions {
  /** Server (or balancer) base URL. */
  url: string;
  /** Rooms to create with POST /api/rooms (ignored with roomCode). */
  rooms: number;
  /** Bots per room (with roomCode: bots in that room). */
  playersPerRoom: number;
  /** Fill this existing room instead of creating rooms. */
  roomCode?: string | undefined;
  /** How long the bots play once every join has settled, seconds. */
  durationS: number;
  /** Joins are spread evenly over this many seconds. */
  rampS: number;
  /** @default 'custom' */
  wireParser?: WireParserKind;
  /** Fixed inputs per second per bot (30 = protocol 1's load); null: on change. @default null */
  inputRateHz?: number | null;
  /** Bots predict their own scooter and count corrections. @default false */
  predict?: boolean;
  /**
   * Bots of one room share one snapshot decode per tick (bots/shared-replicas.ts); false
   * gives every bot a decoder of its own, as a browser has. @default true
   */
  sharedDecode?: boolean;
  /** How the bots steer (BotPlayerOptions.steering). @default 'tank' */
  steering?: 'tank' | 'point';
  /** Called about once a second while the bots play. */
  onProgress?: (progress: LoadProgress) => void;
  /** Called once every join has settled, as the measured window starts. */
  onWindowStart?: () => void;
  /** Aborting stops the run early (Ctrl-C); the summary covers what was measured. */
  signal?: AbortSignal;
}

export interface LoadProgress {
  phase: 'ramp' | 'run';
  elapsedS: number;
  target: number;
  connected: number;
  errors: number;
  /** Snapshots received per second by all bots together, over the last interval. */
  snapshotsPerS: number;
  rttP50Ms: number;
}

export interface LoadSummary {
  clients: number;
  connected: number;
  failedJoins: number;
  /** Connections lost after joining (each bot may lose more than one). */
  disconnects: number;
  /** Failed joins + errors the server sent + snapshots that did not decode. */
  errors: number;
  /** Of those: the server's error messages after a join, by code. */
  serverErrorsByCode: Record<string, number>;
  /** Of those: snapshots that did not decode (each one asks for a keyframe). */
  decodeErrors: number;
  /** Length of the measured window (after ramp-up), seconds. */
  windowS: number;
  rttP50Ms: number;
  rttP95Ms: number;
  rttP99Ms: number;
  echoP50Ms: number;
  echoP99Ms: number;
  snapshotsPerClientPerS: number;
  /** Snapshot and control payload bytes (what the codec produced). */
  bytesPerClientPerS: number;
  /** WebSocket frames and bytes as received, framing included (client/net/wire-meter.ts). */
  wireBytesPerClientPerS: number;
  wireFramesPerClientPerS: number;
  inputsPerClientPerS: number;
  /** With `predict`: corrections per bot-minute and the largest (tiles) in the window; NaN without. */
  correctionsPerMin: number;
  maxCorrectionTiles: number;
  /** CPU the bot process used during the window, seconds per second (1 = one core busy). */
  botCpuCores: number;
  /** Snapshot decodes per snapshot a bot applied, over the window (1 without sharing). */
  decodesPerSnapshot: number;
  aborted: boolean;
}

interface Totals {
  decodes: number;
  applied: number;
  snapshots: number;
  bytes: number;
  wireBytes: number;
  wireFrames: number;
  inputs: number;
  corrections: number;
}

/** Creates a room on the server; its code. */
async function createRoom(url: string): Promise<string> {
  const response = await fetch(new URL('/api/rooms', url), { method: 'POST' });
  if (response.status !== 201) throw new Error(`POST /api/rooms answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { code?: unknown };
  if (typeof body.code !== 'string') throw new Error('POST /api/rooms answered without a room code');
  return body.code;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * The load tester: owns counts, ramp-up, room creation and the summary; a bot is one
 * BotPlayer. Every socket is closed before it returns, also when aborted.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const rooms = options.roomCode === undefined ? options.rooms : 1;
  const clients = rooms * options.playersPerRoom;
  if (!(clients >= 1 && clients <= MAX_BOTS)) throw new RangeError(`bots must be 1..${MAX_BOTS}, got ${clients}`);
  if (!(options.durationS > 0 && options.durationS <= MAX_DURATION_S)) throw new RangeError(`duration must be in (0, ${MAX_DURATION_S}] s`);
  if (!(options.rampS >= 0 && options.rampS <= MAX_RAMP_S)) throw new RangeError(`ramp must be in [0, ${MAX_RAMP_S}] s`);
  if (options.inputRateHz !== undefined && options.inputRateHz !== null && !(options.inputRateHz > 0 && options.inputRateHz <= MAX_INPUT_RATE_HZ)) throw new RangeError(`input rate must be in (0, ${MAX_INPUT_RATE_HZ}] Hz`);
  const { signal } = options;

  const codes: string[] = [];
  if (options.roomCode !== undefined) codes.push(options.roomCode);
  else for (let r = 0; r < rooms; r++) codes.push(await createRoom(options.url));

  const latency = { echo: new LatencyHistogram(), rtt: new LatencyHistogram() };
  const replicas = options.sharedDecode === false ? null : new SharedReplicas();
  const bots: BotPlayer[] = [];
  let connected = 0;
  let failedJoins = 0;
  let disconnects = 0;
  let serverErrors = 0;
  const serverErrorsByCode: Record<string, number> = {};
  const startedMs = performance.now();

  const totals = (): Totals => {
    const shared = replicas?.stats;
    const t: Totals = { decodes: shared ? shared.sharedDecodes + shared.privateDecodes : 0, applied: shared?.applied ?? 0, snapshots: 0, bytes: 0, wireBytes: 0, wireFrames: 0, inputs: 0, corrections: 0 };
    for (const bot of bots) {
      const c = bot.connection;
      t.snapshots += c.snapshotsReceived;
      t.bytes += c.bytesIn;
      t.wireBytes += c.wire.wireBytesIn;
      t.wireFrames += c.wire.framesIn;
      t.inputs += bot.inputsSent;
      t.corrections += bot.correctionStats().corrections;
    }
    return t;
  };
  const decodeErrors = () => bots.reduce((sum, bot) => sum + bot.connection.decodeErrors, 0);
  const errorCount = () => failedJoins + serverErrors + decodeErrors();

  let lastProgress = { atMs: startedMs, snapshots: 0 };
  const report = (phase: LoadProgress['phase']) => {
    if (options.onProgress === undefined) return;
    const now = performance.now();
    const snapshots = totals().snapshots;
    const intervalS = Math.max(0.001, (now - lastProgress.atMs) / 1000);
    options.onProgress({
      phase,
      elapsedS: (now - startedMs) / 1000,
      target: clients,
      connected: bots.filter((b) => b.connection.connected && b.playerId >= 0).length,
      errors: errorCount(),
      snapshotsPerS: (snapshots - lastProgress.snapshots) / intervalS,
      rttP50Ms: latency.rtt.percentile(50),
    });
    lastProgress = { atMs: now, snapshots };
  };
  const progressTimer = setInterval(() => report(connected + failedJoins < clients ? 'ramp' : 'run'), 1000);

  try {
    // Ramp-up: joins spread evenly, each settled (welcomed, refused or timed out) on its own.
    const joins: Promise<void>[] = [];
    const gapMs = clients > 1 ? (options.rampS * 1000) / clients : 0;
    for (let i = 0; i < clients && !signal?.aborted; i++) {
      const dueMs = startedMs + i * gapMs;
      const waitMs = dueMs - performance.now();
      if (waitMs >= 1) await sleep(waitMs, signal);
      if (signal?.aborted) break;
      const code = codes[Math.floor(i / options.playersPerRoom) % codes.length];
      const bot = new BotPlayer({
        url: options.url,
        name: `bot${i}`,
        quirk: i,
        latency,
        wireParser: options.wireParser ?? 'custom',
        inputRateHz: options.inputRateHz ?? null,
        predict: options.predict ?? false,
        replicaFor: replicas?.replicaFor,
        steering: options.steering ?? 'tank',
      });
      bots.push(bot);
      let joined = false;
      bot.connection.on('error', (error) => {
        if (!joined) return;
        serverErrors++;
        serverErrorsByCode[error.code] = (serverErrorsByCode[error.code] ?? 0) + 1;
      });
      bot.connection.on('connectionLost', () => {
        if (joined && !signal?.aborted) disconnects++;
      });
      joins.push(
        withTimeout(bot.join(code), JOIN_TIMEOUT_MS).then(
          () => {
            joined = true;
            connected++;
          },
          () => {
            failedJoins++;
            bot.stop();
          },
        ),
      );
    }
    await Promise.all(joins);

    // The measured window: from every join settled to the end of the run.
    latency.echo.clear();
    latency.rtt.clear();
    for (const bot of bots) bot.resetCorrectionMax();
    const before = totals();
    const cpuBefore = process.cpuUsage();
    const windowStartMs = performance.now();
    options.onWindowStart?.();
    await sleep(options.durationS * 1000, signal);
    const windowS = (performance.now() - windowStartMs) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const after = totals();
    report('run');

    const perClient = (delta: number) => (connected > 0 && windowS > 0 ? delta / connected / windowS : 0);
    return {
      clients,
      connected,
      failedJoins,
      disconnects,
      errors: errorCount(),
      serverErrorsByCode,
      decodeErrors: decodeErrors(),
      windowS,
      rttP50Ms: latency.rtt.percentile(50),
      rttP95Ms: latency.rtt.percentile(95),
      rttP99Ms: latency.rtt.percentile(99),
      echoP50Ms: latency.echo.percentile(50),
      echoP99Ms: latency.echo.percentile(99),
      snapshotsPerClientPerS: perClient(after.snapshots - before.snapshots),
      bytesPerClientPerS: perClient(after.bytes - before.bytes),
      wireBytesPerClientPerS: perClient(after.wireBytes - before.wireBytes),
      wireFramesPerClientPerS: perClient(after.wireFrames - before.wireFrames),
      inputsPerClientPerS: perClient(after.inputs - before.inputs),
      correctionsPerMin: options.predict ? perClient(after.corrections - before.corrections) * 60 : Number.NaN,
      maxCorrectionTiles: options.predict ? bots.reduce((max, bot) => Math.max(max, bot.correctionStats().maxCorrectionTiles), 0) : Number.NaN,
      botCpuCores: windowS > 0 ? (cpu.user + cpu.system) / 1e6 / windowS : 0,
      decodesPerSnapshot: replicas === null ? 1 : (after.decodes - before.decodes) / Math.max(1, after.applied - before.applied),
      aborted: signal?.aborted ?? false,
    };
  } finally {
    clearInterval(progressTimer);
    // Leave on purpose: the server frees the seats at once instead of holding them for a resume.
    for (const bot of bots) bot.leave();
  }
}

/** A load test passed when every bot joined and none was dropped (the CLI's exit code). */
export function loadPassed(summary: LoadSummary): boolean {
  return summary.failedJoins === 0 && summary.disconnects === 0 && summary.connected === summary.clients;
}
