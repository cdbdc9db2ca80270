import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotDecoder } from './snapshot-decoder';
import { SnapshotEncoder, type SnapshotSource } from './snapshot-encoder';
import { diffReplica, makeTestWorld, snapshotOf } from './test-world';

/** Per-slot motion the test world integrates every tick (the "physics" of this test). */
interface Motion {
  vx: Int32Array;
  vy: Int32Array;
  vh: Int32Array;
  vv: Int32Array;
  vq: Int32Array;
}

type Mutation =
  | { t: 'join'; slot: number; px: number; py: number; heading: number; speed: number; seq: number; score: number; carrying: number; connected: number }
  | { t: 'leave'; slot: number }
  | { t: 'steer'; slot: number; vx: number; vy: number; vh: number; vv: number; vq: number }
  | { t: 'teleport'; slot: number; px: number; py: number; heading: number }
  | { t: 'seqJump'; slot: number; jump: number }
  | { t: 'misc'; slot: number; connected: number; carrying: number; score: number }
  | { t: 'order'; house: number; expire: number; placed: number }
  | { t: 'phase'; phase: number; phaseEndTick: number; round: number };

const int32 = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
const small = fc.integer({ min: -40, max: 40 });
const slot = fc.nat(63);
const heading = fc.integer({ min: 0, max: 4095 });
const uint32 = fc.oneof(fc.nat(100), fc.integer({ min: 0, max: 0xffffffff }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ t: fc.constant('join' as const), slot, px: int32, py: int32, heading, speed: int32, seq: uint32, score: int32, carrying: fc.nat(3), connected: fc.nat(1) }),
  fc.record({ t: fc.constant('leave' as const), slot }),
  fc.record({ t: fc.constant('steer' as const), slot, vx: fc.oneof(small, int32), vy: small, vh: fc.integer({ min: -4096, max: 4096 }), vv: small, vq: fc.oneof(fc.constantFrom(0, 1, 2), uint32) }),
  fc.record({ t: fc.constant('teleport' as const), slot, px: int32, py: int32, heading }),
  fc.record({ t: fc.constant('seqJump' as const), slot, jump: uint32 }),
  fc.record({ t: fc.constant('misc' as const), slot, connected: fc.nat(1), carrying: fc.nat(3), score: int32 }),
  fc.record({ t: fc.constant('order' as const), house: fc.nat(63), expire: fc.oneof(fc.constant(0), int32), placed: fc.oneof(fc.constant(0), int32) }),
  fc.record({ t: fc.constant('phase' as const), phase: fc.nat(2), phaseEndTick: fc.nat(0x7fffffff), round: fc.nat(1000) }),
);

const step = fc.record({
  tickAdvance: fc.integer({ min: 1, max: 3 }),
  mutations: fc.array(mutation, { maxLength: 6 }),
  keyframe: fc.boolean(),
  joiner: fc.boolean(),
});

function applyMutation(world: SnapshotSource, motion: Motion, houseCount: number, m: Mutation): void {
  if (m.t === 'order') {
    if (houseCount === 0) return;
    world.orderExpireTick[m.house % houseCount] = m.expire;
    world.orderPlacedTick[m.house % houseCount] = m.placed;
    return;
  }
  if (m.t === 'phase') {
    world.phase = m.phase as SnapshotSource['phase'];
    world.phaseEndTick = m.phaseEndTick;
    world.round = m.round;
    return;
  }
  const s = m.slot % world.maxPlayers;
  if (m.t === 'join') {
    world.active[s] = 1;
    world.connected[s] = m.connected;
    world.px[s] = m.px;
    world.py[s] = m.py;
    world.heading[s] = m.heading;
    world.speed[s] = m.speed;
    world.ackSeq[s] = m.seq;
    world.carrying[s] = m.carrying;
    world.score[s] = m.score;
    return;
  }
  if (world.active[s] === 0) return;
  if (m.t === 'leave') {
    for (const a of [world.active, world.connected, world.px, world.py, world.heading, world.speed, world.ackSeq, world.carrying, world.score]) a[s] = 0;
    for (const a of [motion.vx, motion.vy, motion.vh, motion.vv, motion.vq]) a[s] = 0;
  } else if (m.t === 'steer') {
    motion.vx[s] = m.vx;
    motion.vy[s] = m.vy;
    motion.vh[s] = m.vh;
    motion.vv[s] = m.vv;
    motion.vq[s] = m.vq;
  } else if (m.t === 'teleport') {
    world.px[s] = m.px;
    world.py[s] = m.py;
    world.heading[s] = m.heading;
  } else if (m.t === 'seqJump') {
    world.ackSeq[s] = world.ackSeq[s] + m.jump; // Uint32Array wraps
  } else {
    world.connected[s] = m.connected;
    world.carrying[s] = m.carrying;
    world.score[s] = m.score;
  }
}

function integrate(world: SnapshotSource, motion: Motion, ticks: number): void {
  for (let s = 0; s < world.maxPlayers; s++) {
    if (world.active[s] === 0) continue;
    for (let t = 0; t < ticks; t++) {
      world.px[s] = world.px[s] + motion.vx[s]; // Int32Array wraps
      world.py[s] = world.py[s] + motion.vy[s];
      world.heading[s] = (world.heading[s] + motion.vh[s]) & 4095;
      world.speed[s] = world.speed[s] + motion.vv[s];
      world.ackSeq[s] = world.ackSeq[s] + motion.vq[s];
    }
  }
}

describe('snapshot codec round trip (property)', () => {
  it('decoder state equals the world after every message, also for joiners', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(step, { minLength: 1, maxLength: 30 }),
        (maxPlayers, houseCount, steps) => {
          const world = makeTestWorld(maxPlayers, houseCount);
          const motion: Motion = {
            vx: new Int32Array(maxPlayers),
            vy: new Int32Array(maxPlayers),
            vh: new Int32Array(maxPlayers),
            vv: new Int32Array(maxPlayers),
            vq: new Int32Array(maxPlayers),
          };
          const encoder = new SnapshotEncoder(maxPlayers, houseCount);
          const decoders = [new SnapshotDecoder(maxPlayers, houseCount)];
          expect(decoders[0].apply(encoder.encodeBaselineKeyframe())).toEqual({ ok: true, keyframe: true });
          for (const st of steps) {
            if (st.joiner) {
              const joiner = new SnapshotDecoder(maxPlayers, houseCount);
              expect(joiner.apply(encoder.encodeBaselineKeyframe()).ok).toBe(true);
              expect(snapshotOf(joiner.state)).toBe(snapshotOf(decoders[0].state));
              decoders.push(joiner);
            }
            integrate(world, motion, st.tickAdvance);
            for (const m of st.mutations) applyMutation(world, motion, houseCount, m);
            world.tick += st.tickAdvance;
            const bytes = st.keyframe ? encoder.encodeKeyframe(world) : encoder.encodeDelta(world);
            for (const decoder of decoders) {
              const result = decoder.apply(bytes);
              expect(result).toEqual({ ok: true, keyframe: st.keyframe });
              expect(diffReplica(decoder.state, world)).toBeNull();
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
