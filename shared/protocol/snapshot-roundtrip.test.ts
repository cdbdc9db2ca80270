import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DELTA_FIELD_NAMES,
  NETWORKED_FIELD_NAMES,
  PLAYER_FIELDS,
  STATE_FIELD_NAMES,
  clearPlayerSlot,
  type NetworkedFieldName,
} from '../sim/player-fields';
import { SnapshotDecoder } from './snapshot-decoder';
import { SnapshotEncoder, type SnapshotSource } from './snapshot-encoder';
import { diffReplica, makeTestWorld, snapshotOf } from './test-world';

/**
 * The field list drives this test as it drives the codec: every networked field of
 * player-fields.ts gets values from its own range (edges included), every motion field a
 * velocity the test world integrates, and the state group random changes. A field added to
 * the list is round-tripped here without editing the test.
 */

/** Values of one field: small ones near the bottom of its range, and anything in it. */
function valueOf(name: NetworkedFieldName): fc.Arbitrary<number> {
  const { min, max } = PLAYER_FIELDS[name];
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 50) }), fc.constantFrom(min, max), fc.integer({ min, max }));
}

/** A velocity of one motion field: small steps, or any int32 (wrapping arithmetic). */
function velocityOf(name: NetworkedFieldName): fc.Arbitrary<number> {
  const spec = PLAYER_FIELDS[name];
  const modulo = 'modulo' in spec ? spec.modulo : 0;
  const small = fc.integer({ min: -40, max: 40 });
  return modulo !== 0 ? fc.oneof(small, fc.integer({ min: -modulo, max: modulo })) : fc.oneof(small, fc.constantFrom(0, 1, 2), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
}

function recordOf<N extends NetworkedFieldName>(names: readonly N[], arb: (name: N) => fc.Arbitrary<number>): fc.Arbitrary<Record<string, number>> {
  const shape: Record<string, fc.Arbitrary<number>> = {};
  for (const name of names) shape[name] = arb(name);
  return fc.record(shape);
}

const JOIN_FIELDS = NETWORKED_FIELD_NAMES.filter((name) => name !== 'active');

type Mutation =
  | { t: 'join'; slot: number; values: Record<string, number> }
  | { t: 'leave'; slot: number }
  | { t: 'steer'; slot: number; velocity: Record<string, number> }
  | { t: 'jump'; slot: number; values: Record<string, number> }
  | { t: 'state'; slot: number; values: Record<string, number> }
  | { t: 'order'; house: number; expire: number; placed: number }
  | { t: 'phase'; phase: number; phaseEndTick: number; round: number };

const int32 = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
const slot = fc.nat(63);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ t: fc.constant('join' as const), slot, values: recordOf(JOIN_FIELDS, valueOf) }),
  fc.record({ t: fc.constant('leave' as const), slot }),
  fc.record({ t: fc.constant('steer' as const), slot, velocity: recordOf(DELTA_FIELD_NAMES, velocityOf) }),
  fc.record({ t: fc.constant('jump' as const), slot, values: recordOf(DELTA_FIELD_NAMES, valueOf) }),
  fc.record({ t: fc.constant('state' as const), slot, values: recordOf(STATE_FIELD_NAMES, valueOf) }),
  fc.record({ t: fc.constant('order' as const), house: fc.nat(63), expire: fc.oneof(fc.constant(0), int32), placed: fc.oneof(fc.constant(0), int32) }),
  fc.record({ t: fc.constant('phase' as const), phase: fc.nat(2), phaseEndTick: fc.nat(0x7fffffff), round: fc.nat(1000) }),
);

const step = fc.record({
  tickAdvance: fc.integer({ min: 1, max: 3 }),
  mutations: fc.array(mutation, { maxLength: 6 }),
  keyframe: fc.boolean(),
  joiner: fc.boolean(),
});

/** Per-slot velocity of every motion field (the "physics" of this test). */
type Motion = Record<string, Int32Array>;

function setFields(world: SnapshotSource, s: number, values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) world[name as NetworkedFieldName][s] = value;
}

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
    setFields(world, s, m.values);
    return;
  }
  if (world.active[s] === 0) return;
  if (m.t === 'leave') {
    clearPlayerSlot(world, NETWORKED_FIELD_NAMES, s);
    for (const name of DELTA_FIELD_NAMES) motion[name][s] = 0;
  } else if (m.t === 'steer') {
    for (const name of DELTA_FIELD_NAMES) motion[name][s] = m.velocity[name];
  } else {
    setFields(world, s, m.values);
  }
}

function integrate(world: SnapshotSource, motion: Motion, ticks: number): void {
  for (let s = 0; s < world.maxPlayers; s++) {
    if (world.active[s] === 0) continue;
    for (let t = 0; t < ticks; t++) {
      for (const name of DELTA_FIELD_NAMES) {
        const spec = PLAYER_FIELDS[name];
        const next = world[name][s] + motion[name][s];
        // The typed array wraps int32 and uint32 fields; a modulo field wraps by its modulus.
        world[name][s] = 'modulo' in spec ? next & (spec.modulo - 1) : next;
      }
    }
  }
}

describe('snapshot codec round trip (property)', () => {
  it('decoder state equals the world after every message, for every field of the list, also for joiners', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(step, { minLength: 1, maxLength: 30 }),
        (maxPlayers, houseCount, steps) => {
          const world = makeTestWorld(maxPlayers, houseCount);
          const motion: Motion = {};
          for (const name of DELTA_FIELD_NAMES) motion[name] = new Int32Array(maxPlayers);
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
