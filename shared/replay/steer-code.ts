import type { BitReader } from '../protocol/bit-reader';
import type { BitWriter } from '../protocol/bit-writer';
import { expGolombBits } from '../protocol/int-bits';
import { HEADING_STEPS } from '../sim/constants';
import { headingError } from '../sim/direction';
import { STEER_HEADING_BITS, steerHeading, steerThrottle } from '../sim/steering';

/**
 * The aim grid of point steering: the touch stick rounds to 128 directions
 * (client/input/point-control.ts), the bots aim on the same grid, and the keys' 8 directions
 * lie on it too. A changed target is nearly always a whole number of grid steps away.
 */
export const STEER_GRID_STEPS = HEADING_STEPS / 128;
const THROTTLE_BITS = 4;

/**
 * A changed point-to-steer target (recording format 3, REPLAY-FORMAT.md), coded against the
 * slot's previous one instead of as one 16-bit residual (format 2, where a one-step turn cost
 * 13 bits and a wrap past east 25):
 *
 *   u(1) throttle changed, [u(4) throttle]  (throttle 0 is "let go": the steer value is 0)
 *   then, unless the throttle is 0: u(1) on the grid, se(turn / STEER_GRID_STEPS) or se(turn)
 *
 * where the turn is the signed shortest way round, in heading steps. A one-step turn of the
 * stick or a bot costs 5 bits.
 */
export function writeSteerChange(w: BitWriter, previous: number, value: number): void {
  const throttle = steerThrottle(value);
  if (throttle === steerThrottle(previous)) w.writeBit(0);
  else {
    w.writeBit(1);
    w.writeBits(throttle, THROTTLE_BITS);
  }
  if (throttle === 0) return;
  const turn = headingError(steerHeading(previous), steerHeading(value));
  if (turn % STEER_GRID_STEPS === 0) {
    w.writeBit(1);
    w.writeSigned(turn / STEER_GRID_STEPS);
  } else {
    w.writeBit(0);
    w.writeSigned(turn);
  }
}

/** Longest steer change steerChangeCode packs (a turn of a few aim steps takes 3 to 11 bits). */
const PACKED_STEER_BITS = 15;

/**
 * The bits writeSteerChange writes, as (code << 5) | count, for the input run to fuse with the
 * rest of its input event; 0 when they are longer than PACKED_STEER_BITS (a turn off the grid,
 * or many steps: the run then takes writeSteerChange).
 */
export function steerChangeCode(previous: number, value: number): number {
  const throttle = steerThrottle(value);
  const sameThrottle = throttle === steerThrottle(previous);
  let code = sameThrottle ? 0 : (1 << THROTTLE_BITS) | throttle;
  let bits = sameThrottle ? 1 : 1 + THROTTLE_BITS;
  if (throttle !== 0) {
    const turn = headingError(steerHeading(previous), steerHeading(value));
    if (turn % STEER_GRID_STEPS !== 0) return 0;
    const steps = turn / STEER_GRID_STEPS;
    // "1" (on the grid), then se(steps): zigzag, then the Exp-Golomb code.
    const zigzag = ((steps << 1) ^ (steps >> 31)) + 1;
    const zigzagBits = expGolombBits(zigzag);
    if (bits + 1 + zigzagBits > PACKED_STEER_BITS) return 0;
    code = (((code << 1) | 1) << zigzagBits) | zigzag;
    bits += 1 + zigzagBits;
  }
  return (code << 5) | bits;
}

/** Reads what writeSteerChange wrote: a steer value 0..0xffff (0, or a throttle 1..15 and a heading). */
export function readSteerChange(r: BitReader, previous: number): number {
  let throttle = steerThrottle(previous);
  if (r.readBit() === 1) throttle = r.readBits(THROTTLE_BITS);
  if (throttle === 0) return 0;
  const onGrid = r.readBit() === 1;
  const turn = r.readSigned() * (onGrid ? STEER_GRID_STEPS : 1);
  // Integer headings wrap modulo 2^12 (ToInt32 keeps that for any safe integer).
  const heading = (steerHeading(previous) + turn) & (HEADING_STEPS - 1);
  return (throttle << STEER_HEADING_BITS) | heading;
}
