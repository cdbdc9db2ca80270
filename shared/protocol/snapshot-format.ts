import { MAX_RECORD_BITS } from './player-wire';

/**
 * Constants of the snapshot layout outside the player records (those follow player-wire.ts);
 * the layout is written down in PROTOCOL.md ("Snapshot and Keyframe").
 */

export const PHASE_BITS = 2;
/** Highest valid Phase value (Results). */
export const MAX_PHASE = 2;

/**
 * Ticks, phaseEndTick and round are kept to int32 so tick-relative order times fit the
 * world's Int32Arrays (2^31 ticks at 30 Hz is over two years of uptime).
 */
export const MAX_TICK = 0x7fffffff;

/** Worst-case bytes of one order entry (house index, open bit, two int32 Exp-Golomb codes). */
const MAX_ORDER_BYTES = 24;
/** Worst-case bytes of the header and footer (code byte, tick, world header, counts, padding). */
const MAX_HEADER_BYTES = 64;

/**
 * Upper bound on a valid snapshot's size; the decoder refuses longer input before reading it.
 * A player costs at most its presence bits plus a full record at every field's longest code.
 */
export function maxSnapshotBytes(maxPlayers: number, houseCount: number): number {
  return MAX_HEADER_BYTES + maxPlayers * Math.ceil((MAX_RECORD_BITS + 2) / 8) + houseCount * MAX_ORDER_BYTES;
}
