import type { BitReader } from '../protocol/bit-reader';
import type { BitWriter } from '../protocol/bit-writer';
import { bitsFor } from '../protocol/int-bits';
import { Arena } from '../sim/arena';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { createInputFrame, type InputFrame } from '../sim/world';
import { RECORDED_INPUTS } from './input-recording';
import { allocatePlayerArrays, PLAYER_FIELD_NAMES, PLAYER_FIELDS, playerArraysBytes, type PlayerArrays, type PlayerFieldSpec } from '../sim/player-fields';
import type { World } from '../sim/world';
import { RECORDING_LIMITS } from './replay-format';
import { slotPresent, writeKeyframePlayer } from './keyframe-players';

/**
 * The world's numbers that are state (everything numeric in World but maxPlayers, which is
 * configuration), in the order a keyframe writes them. A test checks the list against World,
 * so a scalar added to the world and not here fails it.
 */
export const WORLD_SCALAR_NAMES = ['tick', 'phase', 'phaseEndTick', 'round', 'nextOrderTick', 'rngState', 'deliveredTotal', 'expiredTotal'] as const;
export type WorldScalarName = (typeof WORLD_SCALAR_NAMES)[number];

/** Largest phase value (shared/sim/constants Phase). */
const PHASE_MAX = 2;
/** A round's length in seconds, as the teacher may set it (classroom API: 10..3600). */
const ROUND_SECONDS_MAX = 86_400;
const INT32_MAX = 0x7fffffff;

/**
 * A keyframe as decoded: the world's state (every player field of player-fields.ts, the
 * orders, the scalars, and the round length the teacher may have changed), plus the recorder's
 * own state at that tick (each slot's last input, the last RTT per seated slot), so decoding can
 * start at any keyframe.
 */
export interface KeyframeState extends Record<WorldScalarName, number> {
  roundSeconds: number;
  readonly maxPlayers: number;
  readonly houseCount: number;
  readonly players: PlayerArrays;
  readonly orderExpireTick: Int32Array;
  readonly orderPlacedTick: Int32Array;
  /** Each slot's last recorded input (the prediction the next input event is coded against). */
  readonly inputs: InputFrame;
  /** Last RTT the server measured per slot, ms; -1 when unknown. */
  readonly rttMs: Int32Array;
}

export function createKeyframeState(maxPlayers: number, houseCount: number): KeyframeState {
  const arena = new Arena(playerArraysBytes(PLAYER_FIELD_NAMES, maxPlayers) + Arena.bytesFor(2 * houseCount + maxPlayers, 0));
  const players = allocatePlayerArrays(arena, PLAYER_FIELD_NAMES, maxPlayers);
  return {
    tick: 0,
    phase: 0,
    phaseEndTick: 0,
    round: 0,
    nextOrderTick: 0,
    rngState: 0,
    deliveredTotal: 0,
    expiredTotal: 0,
    roundSeconds: 0,
    maxPlayers,
    houseCount,
    players,
    orderExpireTick: arena.int32(houseCount),
    orderPlacedTick: arena.int32(houseCount),
    inputs: createInputFrame(maxPlayers),
    rttMs: arena.int32(maxPlayers).fill(-1),
  };
}

function readField(r: BitReader, spec: PlayerFieldSpec): number {
  if (spec.code === 'bits') return r.readBits(bitsFor(spec.max - spec.min)) + spec.min;
  return spec.code === 'ue' ? r.readVarUint() : r.readSigned();
}

const INPUT_SIGNED = Uint8Array.from(RECORDED_INPUTS, (spec) => (spec.array === 'i32' ? 1 : 0));

/**
 * Writes the world (and the recorder's per-slot state: each slot's last input as the writer
 * keeps it, field-major uint32 bit patterns, and its RTT) as a keyframe, and sets the RTT of
 * each empty slot to -1 (none), what a reader of the keyframe has. Allocation-free after the
 * first call per world; runs every few seconds per recorded room. Throws only on values
 * outside the world's own ranges (our bug; the recorder stops recording rather than stop the room).
 */
export function writeKeyframe(w: BitWriter, world: World, lastInputs: Uint32Array, rttMs: Int32Array): void {
  w.writeVarUint(world.tick);
  w.writeVarUint(world.phase);
  w.writeVarUint(world.phaseEndTick);
  w.writeVarUint(world.round);
  w.writeVarUint(world.nextOrderTick);
  w.writeBits(world.rngState >>> 0, 32);
  w.writeVarUint(world.deliveredTotal);
  w.writeVarUint(world.expiredTotal);
  w.writeVarUint(world.config.roundSeconds);
  const inputFields = INPUT_FIELD_NAMES.length;
  const n = world.maxPlayers;
  for (let slot = 0; slot < n; slot++) {
    const present = slotPresent(world, slot);
    w.writeBit(present ? 1 : 0);
    // A reader knows the RTT of seated slots only.
    if (!present) rttMs[slot] = -1;
    else {
      writeKeyframePlayer(w, world, slot);
      const rtt = rttMs[slot];
      w.writeVarUint(rtt < 0 ? 0 : rtt + 1);
    }
    let hasInput = false;
    for (let i = 0; i < inputFields; i++) {
      if (lastInputs[i * n + slot] !== 0) {
        hasInput = true;
        break;
      }
    }
    w.writeBit(hasInput ? 1 : 0);
    if (hasInput) {
      for (let i = 0; i < inputFields; i++) {
        const value = lastInputs[i * n + slot];
        if (INPUT_SIGNED[i] === 1) w.writeSigned(value | 0);
        else w.writeVarUint(value);
      }
    }
  }
  const expire = world.orderExpireTick;
  const placed = world.orderPlacedTick;
  let open = 0;
  for (let h = 0; h < expire.length; h++) if (expire[h] !== 0 || placed[h] !== 0) open++;
  w.writeVarUint(open);
  let previous = -1;
  for (let h = 0; h < expire.length; h++) {
    if (expire[h] === 0 && placed[h] === 0) continue;
    w.writeVarUint(h - previous - 1);
    w.writeVarUint(expire[h]);
    w.writeVarUint(placed[h]);
    previous = h;
  }
}

/**
 * Reads a keyframe of untrusted bytes into `out` (sized for the recording). False when the
 * bytes run out or hold a value outside its range; `out` is then partly written.
 */
export function readKeyframe(r: BitReader, out: KeyframeState): boolean {
  out.tick = r.readVarUint();
  out.phase = r.readVarUint();
  out.phaseEndTick = r.readVarUint();
  out.round = r.readVarUint();
  out.nextOrderTick = r.readVarUint();
  out.rngState = r.readBits(32) | 0;
  out.deliveredTotal = r.readVarUint();
  out.expiredTotal = r.readVarUint();
  out.roundSeconds = r.readVarUint();
  if (r.failed) return false;
  if (out.tick > RECORDING_LIMITS.maxTick || out.phase > PHASE_MAX || out.roundSeconds > ROUND_SECONDS_MAX) return false;
  for (const name of ['phaseEndTick', 'round', 'nextOrderTick', 'deliveredTotal', 'expiredTotal'] as const) if (out[name] > INT32_MAX) return false;
  const n = out.maxPlayers;
  for (let slot = 0; slot < n; slot++) {
    if (r.readBit() === 1) {
      for (let i = 0; i < PLAYER_FIELD_NAMES.length; i++) {
        const name = PLAYER_FIELD_NAMES[i];
        const spec: PlayerFieldSpec = PLAYER_FIELDS[name];
        const value = readField(r, spec);
        if (value < spec.min || value > spec.max) return false;
        out.players[name][slot] = value;
      }
      const rtt = r.readVarUint();
      if (rtt > RECORDING_LIMITS.maxRttMs + 1) return false;
      out.rttMs[slot] = rtt - 1;
    } else {
      for (let i = 0; i < PLAYER_FIELD_NAMES.length; i++) out.players[PLAYER_FIELD_NAMES[i]][slot] = 0;
      out.rttMs[slot] = -1;
    }
    const hasInput = r.readBit() === 1;
    for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) {
      const name = INPUT_FIELD_NAMES[i];
      const spec = RECORDED_INPUTS[i];
      const value = !hasInput ? 0 : spec.array === 'i32' ? r.readSigned() : r.readVarUint();
      if (value < spec.min || value > spec.max) return false;
      out.inputs[name][slot] = value;
    }
    if (r.failed) return false;
  }
  const open = r.readVarUint();
  if (open > out.houseCount) return false;
  out.orderExpireTick.fill(0);
  out.orderPlacedTick.fill(0);
  let h = -1;
  for (let k = 0; k < open; k++) {
    h += r.readVarUint() + 1;
    const expire = r.readVarUint();
    const placed = r.readVarUint();
    if (r.failed || h >= out.houseCount || expire > INT32_MAX || placed > INT32_MAX) return false;
    out.orderExpireTick[h] = expire;
    out.orderPlacedTick[h] = placed;
  }
  return !r.failed;
}

/** Puts a keyframe's world state into `world` (same room size): seeking, or a restored room. */
export function applyKeyframe(state: KeyframeState, world: World): void {
  // phase is a Phase; readKeyframe checked its range.
  const scalars = world as unknown as Record<WorldScalarName, number>;
  for (const name of WORLD_SCALAR_NAMES) scalars[name] = state[name];
  world.config.roundSeconds = state.roundSeconds;
  for (let i = 0; i < PLAYER_FIELD_NAMES.length; i++) {
    const name = PLAYER_FIELD_NAMES[i];
    world[name].set(state.players[name]);
  }
  world.orderExpireTick.set(state.orderExpireTick);
  world.orderPlacedTick.set(state.orderPlacedTick);
}

/**
 * Where the world differs from a keyframe's state, as "field[slot]" (null when it does not):
 * the exactness check of a replay against what the server recorded.
 */
export function diffKeyframe(state: KeyframeState, world: World): string | null {
  for (const name of WORLD_SCALAR_NAMES) if (world[name] !== state[name]) return `${name}: replay ${world[name]}, recorded ${state[name]}`;
  if (world.config.roundSeconds !== state.roundSeconds) return `roundSeconds: replay ${world.config.roundSeconds}, recorded ${state.roundSeconds}`;
  for (const name of PLAYER_FIELD_NAMES) {
    const a = world[name];
    const b = state.players[name];
    for (let slot = 0; slot < a.length; slot++) if (a[slot] !== b[slot]) return `${name}[${slot}]: replay ${a[slot]}, recorded ${b[slot]}`;
  }
  for (let h = 0; h < state.houseCount; h++) {
    if (world.orderExpireTick[h] !== state.orderExpireTick[h]) return `orderExpireTick[${h}]: replay ${world.orderExpireTick[h]}, recorded ${state.orderExpireTick[h]}`;
    if (world.orderPlacedTick[h] !== state.orderPlacedTick[h]) return `orderPlacedTick[${h}]: replay ${world.orderPlacedTick[h]}, recorded ${state.orderPlacedTick[h]}`;
  }
  return null;
}
