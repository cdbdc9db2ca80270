import { BotBrain } from '../bots/bot-brain';
import { Room } from '../server/rooms/room';
import { SnapshotEncoder } from '../shared/protocol/snapshot-encoder';
import { parseArgs, percentile } from './bench-args';

/**
 * `npm run bench`: the tick loop's work for R rooms x P players in one process, no sockets —
 * drain inputs, step, encode — with bot-like inputs fed between ticks (not timed).
 * Timings use process.hrtime.bigint(); report medians and p99, never a single run.
 */
const args = parseArgs(process.argv.slice(2), { rooms: 'number', players: 'number', ticks: 'number', warmup: 'number', json: 'flag' });
const roomCount = Number(args.get('rooms') ?? 100);
const playersPerRoom = Number(args.get('players') ?? 20);
const ticks = Number(args.get('ticks') ?? 900);
const warmupTicks = Number(args.get('warmup') ?? 300);
const tickRateHz = 30;

const gc = (globalThis as { gc?: () => void }).gc;

const rooms: Room[] = [];
const brains: BotBrain[][] = [];
const shadowEncoders: SnapshotEncoder[] = [];
const seqs: Uint32Array[] = [];
for (let r = 0; r < roomCount; r++) {
  const room = new Room(
    {
      code: `R${r}`,
      world: { tickRateHz, maxPlayers: Math.max(40, playersPerRoom), roundSeconds: 180, resultsSeconds: 10, seed: 1000 + r, autoRounds: true },
      ticksPerSnapshot: 1,
      snapshotsPerKeyframe: 150,
      resumeGraceMs: 30_000,
      emptyRoomGraceMs: 60_000,
      mode: 'auto',
    },
    0,
  );
  const roomBrains: BotBrain[] = [];
  for (let p = 0; p < playersPerRoom; p++) {
    const joined = room.join(`bot${p}`, 0);
    if (!joined.ok) throw new Error(joined.message);
    roomBrains.push(new BotBrain(room.world.city, room.world.params, p));
  }
  rooms.push(room);
  brains.push(roomBrains);
  shadowEncoders.push(new SnapshotEncoder(room.world.maxPlayers, room.world.city.houses.length));
  seqs.push(new Uint32Array(room.world.maxPlayers));
}

const tickNs = new Float64Array(ticks);
const encodeNs = new Float64Array(ticks);
const snapshotBytes: number[] = [];
let movingPlayerSnapshots = 0;
let bytesInDeltas = 0;
let heapAfterWarmup = 0;

function feedInputs(): void {
  for (let r = 0; r < roomCount; r++) {
    const room = rooms[r];
    for (let p = 0; p < playersPerRoom; p++) {
      const buttons = brains[r][p].decide(room.world, p);
      room.acceptInput(p, ++seqs[r][p], buttons);
    }
  }
}

for (let t = -warmupTicks; t < ticks; t++) {
  if (t === 0) {
    gc?.();
    heapAfterWarmup = process.memoryUsage().heapUsed;
  }
  feedInputs();
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let r = 0; r < roomCount; r++) {
    const snapshot = rooms[r].tick();
    if (snapshot !== null) bytes += snapshot.length;
  }
  const ticked = process.hrtime.bigint();
  for (let r = 0; r < roomCount; r++) shadowEncoders[r].encodeDelta(rooms[r].world);
  const encoded = process.hrtime.bigint();
  if (t >= 0) {
    tickNs[t] = Number(ticked - started);
    encodeNs[t] = Number(encoded - ticked);
    snapshotBytes.push(bytes / roomCount);
    // Deltas only (the periodic keyframe would skew the per-player figure).
    if (t % 150 !== 149) {
      bytesInDeltas += bytes;
      for (const room of rooms) for (let p = 0; p < playersPerRoom; p++) if (room.world.speed[p] !== 0) movingPlayerSnapshots++;
    }
  }
}
gc?.();
const heapGrowthMb = (process.memoryUsage().heapUsed - heapAfterWarmup) / 1e6;

const sortedTick = Float64Array.from(tickNs).sort();
const sortedEncode = Float64Array.from(encodeNs).sort();
const sortedBytes = Float64Array.from(snapshotBytes).sort();
const players = roomCount * playersPerRoom;
const result = {
  rooms: roomCount,
  players,
  ticks,
  tick_us_p50: round(percentile(sortedTick, 50) / 1000),
  tick_us_p99: round(percentile(sortedTick, 99) / 1000),
  tick_us_per_player_p50: round(percentile(sortedTick, 50) / 1000 / players, 3),
  encode_us_p50: round(percentile(sortedEncode, 50) / 1000),
  bytes_per_snapshot_p50: round(percentile(sortedBytes, 50)),
  bytes_per_player_per_snapshot: round(percentile(sortedBytes, 50) / playersPerRoom, 2),
  bytes_per_moving_player_per_delta: round(bytesInDeltas / Math.max(1, movingPlayerSnapshots), 2),
  heap_growth_mb: round(heapGrowthMb, 2),
  gc_exposed: gc !== undefined,
};

if (args.get('json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: [string, string][] = [
    ['rooms x players', `${roomCount} x ${playersPerRoom} = ${players}`],
    ['ticks measured', `${ticks} (after ${warmupTicks} warm-up)`],
    ['tick p50 / p99 (all rooms)', `${result.tick_us_p50} / ${result.tick_us_p99} µs`],
    ['tick per player p50', `${result.tick_us_per_player_p50} µs`],
    ['encode p50 (all rooms)', `${result.encode_us_p50} µs`],
    ['snapshot bytes p50 (per room)', `${result.bytes_per_snapshot_p50} B`],
    ['bytes per player per snapshot', `${result.bytes_per_player_per_snapshot} B`],
    ['bytes per moving player per delta', `${result.bytes_per_moving_player_per_delta} B`],
    ['heap growth after warm-up', `${result.heap_growth_mb} MB${gc ? '' : ' (run with --expose-gc for a clean figure)'}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
