import { NETWORKED_FIELD_NAMES, playerArraysBytes } from '../sim/player-fields';
import type { ReplicaState } from './replica-state';

/**
 * Layout helpers for the encoder's baseline update: the networked player fields of a world
 * (and of a replica) are one block laid out by allocatePlayerArrays, so copying a world into
 * the baseline can be one byte copy instead of one per field.
 */

export type FieldArray = Uint8Array | Int32Array | Uint32Array;

/** The networked arrays of a world or a replica. */
type Networked = Pick<ReplicaState, (typeof NETWORKED_FIELD_NAMES)[number]>;

/** A 4-byte field's array as int32 (a uint32 array's bits in place; no copy). */
export function asInt32(values: FieldArray): Int32Array {
  if (values instanceof Int32Array) return values;
  if (!(values instanceof Uint32Array)) throw new Error('delta fields must be 4-byte integers');
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/** Where the networked player block of `arrays` starts: its lowest array offset. */
function blockStart(arrays: Networked): number {
  let start = Infinity;
  for (const name of NETWORKED_FIELD_NAMES) start = Math.min(start, arrays[name].byteOffset);
  return start;
}

/** The networked player block of `arrays` as bytes (see allocatePlayerArrays). */
export function playerBlock(arrays: Networked, maxPlayers: number): Uint8Array {
  return new Uint8Array(arrays.active.buffer, blockStart(arrays), playerArraysBytes(NETWORKED_FIELD_NAMES, maxPlayers));
}

/** True when a's networked arrays sit in one buffer at the same relative offsets as b's. */
export function sameLayout(a: Networked, b: ReplicaState): boolean {
  const buffer = a.active.buffer;
  const startA = blockStart(a);
  const startB = blockStart(b);
  for (const name of NETWORKED_FIELD_NAMES) {
    if (a[name].buffer !== buffer || a[name].byteOffset - startA !== b[name].byteOffset - startB) return false;
  }
  return startA + playerArraysBytes(NETWORKED_FIELD_NAMES, b.maxPlayers) <= buffer.byteLength;
}
