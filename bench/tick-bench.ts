import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BotBrain } from '../bots/bot-brain';
import { Room } from '../server/rooms/room';
import { SnapshotEncoder } from '../shared/protocol/snapshot-encoder';
import { exitWithUsageIfAsked } from '../server/cli-help';
import { parseArgs, percentile } from './bench-args';

/**
 * `npm run bench`: the tick loop's work for R rooms x P players in one process, no sockets —
 * drain inputs, step, encode — with bot-like inputs fed between ticks (not timed).
 * Timings use process.hrtime.bigint(); report medians and p99, never a single run.
 * `npm run bench` runs this file bundled by esbuild, as `npm start` runs the server: under tsx
 * each imported constant is a getter call on the module, which made the tick about a quarter
 * slower than the code a node runs (whole-process CPU of a hot replay, bundled / tsx: 0.76).
 *
 * The machine is shared and noisy, so a run has several passes (default 3) over the same
 * rooms; tick_us_p50 / tick_us_p99 are the medians of the passes' percentiles over whole
 * ticks of all rooms. Each room's tick is also timed on its own (room_tick_us_*), and the
 * recorded inputs are replayed on fresh rooms with no bot work between ticks (hot_tick_us_*):
 * the gap between the two shows what cache eviction by other work between ticks costs.
 * Every room records its round (issue 14) as a server's rooms do, with the once-a-second cut
 * and RTT samples inside the timed tick; the hot replay runs twice, interleaved tick by tick,
 * with recording on and off: record_overhead_mean_pct is the recorder's share of the mean tick
 * (paired ticks, keyframes and cuts included), record_overhead_pct the ratio of the p50s.
 *
 *   warm-up | pass 1 | pass 2 | pass 3 ............ replay of the same inputs, no bots
 *   bots -> tick all rooms (timed) -> shadow encode (timed) -> bots -> ...
 */
exitWithUsageIfAsked(`Usage: npm run bench -- [--rooms 100] [--players 20] [--ticks 600] [--warmup 300] [--passes 3] [--json] [--no-hot] [--steering tank|point]

The tick loop's work for R rooms x P players in this process, no sockets: drain inputs, step,
encode, with bot-like inputs between ticks, every room recording its round. Prints medians and
p99 of the passes' tick times (and of a replay without bot work between ticks, recording on and
off, unless --no-hot: the recorder's share of the mean tick and of the p50), the recording's
bytes per player-minute; --json for one JSON line. --steering point: the bots point-steer
(default tank).
Heavy: on a shared machine run it under a lock and take medians of three runs.`);
const args = parseArgs(process.argv.slice(2), {
  rooms: 'number',
  players: 'number',
  ticks: 'number',
  warmup: 'number',
  passes: 'number',
  json: 'flag',
  'no-hot': 'flag',
  steering: 'string',
});
const roomCount = Number(args.get('rooms') ?? 100);
const playersPerRoom = Number(args.get('players') ?? 20);
/** Measured ticks per pass. */
const ticks = Number(args.get('ticks') ?? 600);
const warmupTicks = Number(args.get('warmup') ?? 300);
const passes = Number(args.get('passes') ?? 3);
const hot = !args.get('no-hot');
/** How the bots steer: 'tank' (buttons) or 'point' (a steer target, as the browser's keys and stick do since protocol 3). */
const pointSteering = args.get('steering') === 'point';
if (args.has('steering') && !['tank', 'point'].includes(String(args.get('steering')))) throw new Error('--steering is tank or point');
const tickRateHz = 30;
const keyframeEvery = 150;
const totalTicks = warmupTicks + passes * ticks;
/** Share of tick pairs dropped at each end by the paired mean (record_overhead_mean_pct). */
const PAIR_TRIM = 0.002;

const gc = (globalThis as { gc?: () => void }).gc;

/** Once a second, as a node does: an RTT sample per player, and a chunk cut (the room's save). */
const SECOND_TICKS = tickRateHz;

/**
 * One set of rooms per flag (recording on or off), built room by room in turns: building one
 * whole set first left its rooms measurably slower (about 5 % with recording off in both,
 * heap layout), which the recorder's share would have counted as its own.
 */
function makeRoomSets(record: readonly boolean[]): Room[][] {
  const sets: Room[][] = record.map(() => []);
  for (let r = 0; r < roomCount; r++) {
    for (let k = 0; k < record.length; k++) sets[k].push(makeRoom(r, record[k]));
  }
  return sets;
}

function makeRoom(r: number, record: boolean): Room {
  const room = new Room(
    {
      code: `R${r}`,
      world: { tickRateHz, maxPlayers: Math.max(40, playersPerRoom), roundSeconds: 180, resultsSeconds: 10, seed: 1000 + r, autoRounds: true },
      ticksPerSnapshot: 1,
      snapshotsPerKeyframe: keyframeEvery,
      resumeGraceMs: 30_000,
      emptyRoomGraceMs: 60_000,
      mode: 'auto',
      recording: { enabled: record, keyframeEveryTicks: 5 * tickRateHz, maxRoundBytes: 4 * 1024 * 1024 },
    },
    0,
  );
  for (let p = 0; p < playersPerRoom; p++) {
    const joined = room.join(`bot${p}`, 0);
    if (!joined.ok) throw new Error(joined.message);
  }
  // Rooms begun at different times, as a server's are: their keyframes (the recorder's and the
  // snapshots') fall on ticks of their own. Begun together, every room's fell on one tick in
  // 150, which a p50 never sees.
  for (let t = 0; t < r % keyframeEvery; t++) room.tick();
  return room;
}

const [rooms] = makeRoomSets([true]);
const brains: BotBrain[][] = [];
const shadowEncoders: SnapshotEncoder[] = [];
for (const room of rooms) {
  const roomBrains: BotBrain[] = [];
  for (let p = 0; p < playersPerRoom; p++) roomBrains.push(new BotBrain(room.world.city, room.world.params, p));
  brains.push(roomBrains);
  shadowEncoders.push(new SnapshotEncoder(room.world.maxPlayers, room.world.city.houses.length));
}

/**
 * Control words fed per tick, room and player (NO_INPUT when none was sent), for the hot
 * replay. Inputs go as clients send them (client/net/input-sender.ts): on a change, plus a
 * keep-alive every KEEP_ALIVE_TICKS (200 ms), stamped for the tick about to run, each with
 * the next sequence number of its sender (one per input, not one per tick).
 */
const inputs = new Uint32Array(hot ? totalTicks * roomCount * playersPerRoom : 0);
const NO_INPUT = 0xffffffff;
const nextSeq = rooms.map(() => new Uint32Array(playersPerRoom).fill(1));
const KEEP_ALIVE_TICKS = 6;
const lastSent = rooms.map(() => new Int32Array(playersPerRoom).fill(-1));
const lastSentTick = rooms.map(() => new Int32Array(playersPerRoom));
const tickNs = new Float64Array(passes * ticks);
const encodeNs = new Float64Array(passes * ticks);
const roomTickUs = new Float64Array(passes * ticks * roomCount);
const snapshotBytes = new Float64Array(passes * ticks);
let movingPlayerSnapshots = 0;
let bytesInDeltas = 0;
let heapAfterWarmup = 0;

/**
 * A node's once-a-second work on a room's recorder, each room on a tick of its own as the
 * replay duty does: an RTT sample per player (RTTs wander like a Wi-Fi's), and a cut, as the
 * room's save does every second (npm start keeps ROOM_STATE_FILE; a cluster saves to Redis).
 */
function recorderSecond(room: Room): void {
  for (let p = 0; p < playersPerRoom; p++) room.recorder.rtt(p, 20 + ((p * 13 + room.world.tick * 7) % 40));
  room.recorder.cut();
}

function feedInputs(t: number): void {
  for (let r = 0; r < roomCount; r++) {
    const room = rooms[r];
    for (let p = 0; p < playersPerRoom; p++) {
      const buttons = pointSteering ? brains[r][p].decidePoint(room.world, p) : brains[r][p].decide(room.world, p);
      const send = buttons !== lastSent[r][p] || t - lastSentTick[r][p] >= KEEP_ALIVE_TICKS;
      if (send) {
        room.acceptInput(p, nextSeq[r][p]++, room.world.tick, buttons);
        lastSent[r][p] = buttons;
        lastSentTick[r][p] = t;
      }
      if (hot) inputs[(t * roomCount + r) * playersPerRoom + p] = send ? buttons : NO_INPUT;
    }
  }
}

for (let t = 0; t < totalTicks; t++) {
  const m = t - warmupTicks;
  if (m === 0) {
    gc?.();
    heapAfterWarmup = process.memoryUsage().heapUsed;
  }
  feedInputs(t);
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (let r = 0; r < roomCount; r++) {
    const roomStarted = performance.now();
    const snapshot = rooms[r].tick();
    if ((t + r) % SECOND_TICKS === 0) recorderSecond(rooms[r]);
    if (m >= 0) roomTickUs[m * roomCount + r] = (performance.now() - roomStarted) * 1000;
    if (snapshot !== null) bytes += snapshot.length;
  }
  const ticked = process.hrtime.bigint();
  for (let r = 0; r < roomCount; r++) shadowEncoders[r].encodeDelta(rooms[r].world);
  const encoded = process.hrtime.bigint();
  if (m >= 0) {
    tickNs[m] = Number(ticked - started);
    encodeNs[m] = Number(encoded - ticked);
    snapshotBytes[m] = bytes / roomCount;
    // Deltas only (the periodic keyframe would skew the per-player figure).
    if (t % keyframeEvery !== keyframeEvery - 1) {
      bytesInDeltas += bytes;
      for (const room of rooms) for (let p = 0; p < playersPerRoom; p++) if (room.world.speed[p] !== 0) movingPlayerSnapshots++;
    }
  }
}
gc?.();
const heapGrowthMb = (process.memoryUsage().heapUsed - heapAfterWarmup) / 1e6;

/** What the rooms recorded: every chunk so far (the rounds are still running) per player-minute. */
let recordedBytes = 0;
for (const room of rooms) {
  room.recorder.cut();
  for (const chunk of room.recorder.pendingChunks) recordedBytes += chunk.length;
  for (const f of room.recorder.outbox.finished) for (const chunk of f.chunks) recordedBytes += chunk.length;
}
const recordedPlayerMinutes = (roomCount * playersPerRoom * totalTicks) / (tickRateHz * 60);

/**
 * The same inputs on fresh rooms (same seeds, so the same states), nothing between ticks:
 * one set recording, one not, ticked in turns (which goes first alternates), so both see the
 * same machine and the difference is the recorder's.
 */
function replayHot(): { on: Float64Array; off: Float64Array } {
  const sets = makeRoomSets([true, false]);
  const seqs = sets.map(() => rooms.map(() => new Uint32Array(playersPerRoom).fill(1)));
  const out = { on: new Float64Array(passes * ticks), off: new Float64Array(passes * ticks) };
  for (let t = 0; t < totalTicks; t++) {
    for (let k = 0; k < sets.length; k++) {
      const replayRooms = sets[k];
      for (let r = 0; r < roomCount; r++) {
        for (let p = 0; p < playersPerRoom; p++) {
          const control = inputs[(t * roomCount + r) * playersPerRoom + p];
          if (control !== NO_INPUT) replayRooms[r].acceptInput(p, seqs[k][r][p]++, replayRooms[r].world.tick, control);
        }
      }
    }
    const m = t - warmupTicks;
    for (let k = 0; k < 2; k++) {
      const which = (t + k) % 2;
      const replayRooms = sets[which];
      const started = process.hrtime.bigint();
      for (let r = 0; r < roomCount; r++) {
        replayRooms[r].tick();
        if ((t + r) % SECOND_TICKS === 0) recorderSecond(replayRooms[r]);
      }
      if (m >= 0) (which === 0 ? out.on : out.off)[m] = Number(process.hrtime.bigint() - started);
    }
  }
  return out;
}
const hotNs = hot ? replayHot() : null;

/** Percentile p of each pass's slice, then the median over passes. */
function passMedian(values: Float64Array, perPass: number, p: number): number {
  const perPassValues: number[] = [];
  for (let k = 0; k < passes; k++) {
    perPassValues.push(percentile(values.slice(k * perPass, (k + 1) * perPass).sort(), p));
  }
  return percentile(Float64Array.from(perPassValues).sort(), 50);
}
function perPassList(values: Float64Array, perPass: number, p: number, scale: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < passes; k++) out.push(round(percentile(values.slice(k * perPass, (k + 1) * perPass).sort(), p) / scale));
  return out;
}

const players = roomCount * playersPerRoom;
const tickP50 = passMedian(tickNs, ticks, 50);
const sortedRoomTicks = Float64Array.from(roomTickUs).sort();
const result = {
  rooms: roomCount,
  players,
  ticks: passes * ticks,
  passes,
  tick_us_p50: round(tickP50 / 1000),
  tick_us_p99: round(passMedian(tickNs, ticks, 99) / 1000),
  tick_us_per_player_p50: round(tickP50 / 1000 / players, 3),
  encode_us_p50: round(passMedian(encodeNs, ticks, 50) / 1000),
  bytes_per_snapshot_p50: round(passMedian(snapshotBytes, ticks, 50)),
  bytes_per_player_per_snapshot: round(passMedian(snapshotBytes, ticks, 50) / playersPerRoom, 2),
  bytes_per_moving_player_per_delta: round(bytesInDeltas / Math.max(1, movingPlayerSnapshots), 2),
  heap_growth_mb: round(heapGrowthMb, 2),
  gc_exposed: gc !== undefined,
  tick_us_p50_passes: perPassList(tickNs, ticks, 50, 1000),
  tick_us_p99_passes: perPassList(tickNs, ticks, 99, 1000),
  room_tick_us_p50: round(percentile(sortedRoomTicks, 50), 2),
  room_tick_us_p99: round(percentile(sortedRoomTicks, 99), 2),
  hot_tick_us_p50: hotNs === null ? null : round(passMedian(hotNs.on, ticks, 50) / 1000),
  hot_tick_us_p99: hotNs === null ? null : round(passMedian(hotNs.on, ticks, 99) / 1000),
  /** The same hot replay with recording off, and the recorder's share of the tick (issue 14). */
  hot_tick_norecord_us_p50: hotNs === null ? null : round(passMedian(hotNs.off, ticks, 50) / 1000),
  record_overhead_pct: hotNs === null ? null : round(overheadPct(hotNs.on, hotNs.off), 2),
  record_overhead_mean_pct: hotNs === null ? null : round(pairedMeanOverheadPct(hotNs.on, hotNs.off), 2),
  record_bytes_per_player_minute: round(recordedBytes / recordedPlayerMinutes),
  /** How busy the shared machine was (1-minute load average over its cores). */
  loadavg_1m: round(loadavg()[0], 2),
};

if (args.get('json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: [string, string][] = [
    ['rooms x players', `${roomCount} x ${playersPerRoom} = ${players}`],
    ['ticks measured', `${passes} passes x ${ticks} (after ${warmupTicks} warm-up)`],
    ['tick p50 / p99 (all rooms)', `${result.tick_us_p50} / ${result.tick_us_p99} µs (median of passes)`],
    ['  per pass p50', `${result.tick_us_p50_passes.join(' / ')} µs`],
    ['  per pass p99', `${result.tick_us_p99_passes.join(' / ')} µs`],
    ['tick per player p50', `${result.tick_us_per_player_p50} µs`],
    ['one room tick p50 / p99', `${result.room_tick_us_p50} / ${result.room_tick_us_p99} µs`],
    ['hot replay tick p50 / p99', hotNs === null ? 'skipped (--no-hot)' : `${result.hot_tick_us_p50} / ${result.hot_tick_us_p99} µs`],
    ['  recording off, p50', hotNs === null ? 'skipped (--no-hot)' : `${result.hot_tick_norecord_us_p50} µs`],
    ['recorder share of the tick', hotNs === null ? 'skipped (--no-hot)' : `${result.record_overhead_pct} % (median of passes' p50 ratios)`],
    ['  of the mean tick', hotNs === null ? 'skipped (--no-hot)' : `${result.record_overhead_mean_pct} % (paired mean, keyframes and cuts included)`],
    ['recording per player-minute', `${result.record_bytes_per_player_minute} B`],
    ['encode p50 (all rooms)', `${result.encode_us_p50} µs`],
    ['snapshot bytes p50 (per room)', `${result.bytes_per_snapshot_p50} B`],
    ['bytes per player per snapshot', `${result.bytes_per_player_per_snapshot} B`],
    ['bytes per moving player per delta', `${result.bytes_per_moving_player_per_delta} B`],
    ['heap growth after warm-up', `${result.heap_growth_mb} MB${gc ? '' : ' (run with --expose-gc for a clean figure)'}`],
    ['load average (1 min)', `${result.loadavg_1m}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

/** Per pass: (p50 on - p50 off) / p50 off; then the median over passes. */
function overheadPct(on: Float64Array, off: Float64Array): number {
  const ratios: number[] = [];
  for (let k = 0; k < passes; k++) {
    const a = percentile(on.slice(k * ticks, (k + 1) * ticks).sort(), 50);
    const b = percentile(off.slice(k * ticks, (k + 1) * ticks).sort(), 50);
    ratios.push(((a - b) / b) * 100);
  }
  return percentile(Float64Array.from(ratios).sort(), 50);
}

/**
 * The mean of (on - off) over every pair of ticks (on and off run back to back, so a pair sees
 * one machine), the most extreme PAIR_TRIM of pairs each side dropped (a GC pause landing in one
 * set), over the mean tick with recording off (all of them: the trim is for the difference):
 * the recorder's share of the CPU a tick takes, keyframes and cuts included, which a p50 can
 * miss. Steadier than a ratio of two percentiles.
 */
function pairedMeanOverheadPct(on: Float64Array, off: Float64Array): number {
  const diffs = new Float64Array(on.length);
  let offSum = 0;
  for (let i = 0; i < on.length; i++) {
    diffs[i] = on[i] - off[i];
    offSum += off[i];
  }
  diffs.sort();
  const drop = Math.floor(on.length * PAIR_TRIM);
  let sum = 0;
  for (let i = drop; i < on.length - drop; i++) sum += diffs[i];
  return (sum / (on.length - 2 * drop) / (offSum / on.length)) * 100;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
