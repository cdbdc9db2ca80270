import { HEADING_STEPS } from '../sim/constants';

/**
 * Constants and small pure helpers shared by SnapshotEncoder and SnapshotDecoder; the layout
 * they implement is written down in PROTOCOL.md ("Snapshot and Keyframe").
 */

export const HEADING_BITS = 12;
export const PHASE_BITS = 2;
/** Highest valid Phase value (Results). */
export const MAX_PHASE = 2;
export const CARRY_BITS = 2;
export const FIELD_MASK_BITS = 6;

/** Changed-record field mask, written MSB first in this order. */
export const Field = {
  X: 0b100000,
  Y: 0b010000,
  Heading: 0b001000,
  Speed: 0b000100,
  Seq: 0b000010,
  Misc: 0b000001,
} as const;

/**
 * Ticks, phaseEndTick and round are kept to int32 so tick-relative order times fit the
 * world's Int32Arrays (2^31 ticks at 30 Hz is over two years of uptime).
 */
export const MAX_TICK = 0x7fffffff;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

export function isInt32(value: number): boolean {
  return value >= INT32_MIN && value <= INT32_MAX;
}

if (HEADING_STEPS !== 1 << HEADING_BITS) throw new Error('HEADING_BITS must match HEADING_STEPS');

/** Wraps a heading difference into [-HEADING_STEPS/2, HEADING_STEPS/2). */
export function wrapHeading(delta: number): number {
  return ((delta + HEADING_STEPS / 2) & (HEADING_STEPS - 1)) - HEADING_STEPS / 2;
}

/** Bits needed to hold every value 0..max (0 for max <= 0). */
export function bitsFor(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/**
 * Upper bound on a valid snapshot's size; the decoder refuses longer input before reading it.
 * Worst cases: a full player record is under 80 bytes (13 fields, int32 Exp-Golomb at most
 * 65 bits), an order entry under 24 bytes, the header under 64 bytes.
 */
export function maxSnapshotBytes(maxPlayers: number, houseCount: number): number {
  return 64 + maxPlayers * 80 + houseCount * 24;
}
