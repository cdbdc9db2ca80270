import { Arena } from '../sim/arena';
import { MOTION_FIELD_NAMES, type MotionFieldName } from '../sim/player-fields';

/**
 * Per-slot "previous delta" of each motion field (player-fields.ts: px, py, heading, speed),
 * kept identically by the encoder and the decoder. A snapshot sends only the second
 * difference (delta - previous delta), so a scooter cruising at steady speed and turn rate
 * costs one bit. Modulo fields (heading) keep their delta wrapped into [-m/2, m/2); the others
 * as int32.
 */
export type MotionMemory = { readonly [K in MotionFieldName]: Int32Array };

/** Arena bytes of one memory. */
export function motionMemoryBytes(maxPlayers: number): number {
  return Arena.bytesFor(MOTION_FIELD_NAMES.length * maxPlayers, 0);
}

/** arena: where the arrays go (motionMemoryBytes of them); a fresh buffer when omitted. */
export function createMotionMemory(maxPlayers: number, arena = new Arena(motionMemoryBytes(maxPlayers))): MotionMemory {
  const mem: Partial<Record<MotionFieldName, Int32Array>> = {};
  for (const name of MOTION_FIELD_NAMES) mem[name] = arena.int32(maxPlayers);
  return mem as MotionMemory;
}

export function copyMotionMemory(from: MotionMemory, to: MotionMemory): void {
  for (let i = 0; i < MOTION_FIELD_NAMES.length; i++) to[MOTION_FIELD_NAMES[i]].set(from[MOTION_FIELD_NAMES[i]]);
}

export function clearMotionMemory(mem: MotionMemory): void {
  for (let i = 0; i < MOTION_FIELD_NAMES.length; i++) mem[MOTION_FIELD_NAMES[i]].fill(0);
}

export function clearMotionSlot(mem: MotionMemory, slot: number): void {
  for (let i = 0; i < MOTION_FIELD_NAMES.length; i++) mem[MOTION_FIELD_NAMES[i]][slot] = 0;
}
