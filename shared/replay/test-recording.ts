import { Phase } from '../sim/constants';
import { createInputFrame } from '../sim/world';
import { addPlayer, findFreeSlot, removePlayer, setConnected } from '../sim/players';
import { nextInt, nextRandom, type RngHolder } from '../sim/rng';
import { startRound } from '../sim/round';
import { step } from '../sim/step';
import { createWorld, DEFAULT_WORLD_CONFIG, type World } from '../sim/world';
import { DeliveryWatch } from './delivery-watch';
import { frameRecording } from './recording-file';
import { RecordingWriter } from './recording-writer';
import { EndReason, KeyframeReason } from './replay-format';

export interface ScriptedRound {
  bytes: Uint8Array;
  /** The world as the round ended. */
  world: World;
  names: string[];
  /** World positions (px, py) per tick, from the start keyframe's tick on: what a replay must show. */
  positions: Map<number, { px: Int32Array; py: Int32Array; active: Uint8Array }>;
}

/**
 * A round recorded the way a room records it, without a room (shared/ cannot use the server):
 * a seeded script of inputs, joins, drops, resumes and leaves through RecordingWriter, with
 * deliveries, a keyframe every `keyframeEvery` ticks and a chunk cut every second.
 */
export function scriptedRound(seed: number, options: { players?: number; ticks?: number; churn?: number; keyframeEvery?: number; maxPlayers?: number } = {}): ScriptedRound {
  const { players = 4, ticks = 900, churn = 0.02, keyframeEvery = 150, maxPlayers = 8 } = options;
  const rng: RngHolder = { rngState: seed };
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed, maxPlayers, roundSeconds: Math.ceil(ticks / 30) + 60, autoRounds: false });
  const names = new Array<string>(maxPlayers).fill('');
  const frame = createInputFrame(maxPlayers);
  const writer = new RecordingWriter(maxPlayers);
  const watch = new DeliveryWatch(maxPlayers);
  const chunks: Uint8Array[] = [];
  const seq = new Uint32Array(maxPlayers);
  const positions: ScriptedRound['positions'] = new Map();
  let joined = 0;
  const join = () => {
    const slot = findFreeSlot(world);
    if (slot < 0) return;
    addPlayer(world, slot);
    names[slot] = `P${++joined}é`;
    return slot;
  };
  for (let i = 0; i < players; i++) join();
  startRound(world);
  writer.header({
    code: 'TEST42',
    round: world.round,
    startedAtEpochMs: 1_700_000_000_000,
    config: world.config,
    ticksPerSnapshot: 1,
    keyframeEveryTicks: keyframeEvery,
    houseCount: world.city.houses.length,
    names: names.map((name, slot) => ({ slot, name })).filter((n) => world.active[n.slot]),
  });
  writer.keyframe(world.tick, KeyframeReason.Start, world);
  // What the world is at a tick once that tick's joins, drops and leaves are applied (before its step).
  const remember = () => positions.set(world.tick, { px: world.px.slice(), py: world.py.slice(), active: world.active.slice() });
  for (let t = 0; t < ticks; t++) {
    if (nextRandom(rng) < churn) {
      const slot = nextInt(rng, maxPlayers);
      const what = nextInt(rng, 4);
      if (!world.active[slot]) {
        const s = join();
        if (s !== undefined) writer.join(world.tick, s, names[s]);
      } else if (what === 0) {
        removePlayer(world, slot);
        names[slot] = '';
        writer.leave(world.tick, slot);
      } else if (world.connected[slot]) {
        setConnected(world, slot, false);
        writer.drop(world.tick, slot);
      } else {
        setConnected(world, slot, true);
        writer.resume(world.tick, slot);
      }
    }
    remember();
    if (t % 30 === 17) for (let s = 0; s < maxPlayers; s++) if (world.active[s]) writer.rtt(world.tick, s, 20 + nextInt(rng, 200));
    frame.has.fill(0);
    for (let s = 0; s < maxPlayers; s++) {
      if (!world.active[s] || !world.connected[s] || nextRandom(rng) > 0.3) continue;
      frame.has[s] = 1;
      frame.buttons[s] = nextRandom(rng) < 0.6 ? world.buttons[s] : 1 | (nextInt(rng, 3) << 2);
      frame.seq[s] = nextRandom(rng) < 0.95 ? ++seq[s] : (seq[s] += 3);
      frame.late[s] = nextRandom(rng) < 0.05 ? 1 + nextInt(rng, 3) : 0;
      writer.input(world.tick, s, frame);
    }
    watch.before(world);
    step(world, frame);
    watch.after(world, (slot, count, points) => writer.delivery(world.tick, slot, count, points));
    if (world.tick % keyframeEvery === 0) writer.keyframe(world.tick, KeyframeReason.Periodic, world);
    if (t % 30 === 29) {
      const chunk = writer.cut();
      if (chunk !== null) chunks.push(chunk);
    }
    if (world.phase !== Phase.Playing) break;
  }
  remember();
  writer.keyframe(world.tick, KeyframeReason.Final, world);
  writer.end(world.tick, EndReason.TeacherEnded);
  const last = writer.cut();
  if (last !== null) chunks.push(last);
  return { bytes: frameRecording(chunks), world, names, positions };
}
