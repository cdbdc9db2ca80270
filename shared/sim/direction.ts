import { HEADING_STEPS } from './constants';

/** Fixed-point scale of the direction tables (1.0 = 2^14). */
export const DIR_ONE = 1 << 14;
const HEADING_MASK = HEADING_STEPS - 1;
const HALF_TURN = HEADING_STEPS / 2;
/** headingToward's coarse pass looks at every COARSE_STEP-th heading, then refines around the best. */
const COARSE_STEP = 64;

/**
 * Integer direction tables: rounding cos/sin to 14 bits once means a browser whose Math.cos
 * differs in the last ulp still builds the same table, so client prediction matches the server.
 */
const COS_Q14 = new Int32Array(HEADING_STEPS);
const SIN_Q14 = new Int32Array(HEADING_STEPS);
for (let i = 0; i < HEADING_STEPS; i++) {
  const a = (i * 2 * Math.PI) / HEADING_STEPS;
  COS_Q14[i] = Math.round(Math.cos(a) * DIR_ONE);
  SIN_Q14[i] = Math.round(Math.sin(a) * DIR_ONE);
}

/** East component of a heading's unit vector, scaled by 2^14 (exact integers, same on every engine). */
export function headingCosQ14(heading: number): number {
  return COS_Q14[heading & HEADING_MASK];
}

/** South (screen-down) component of a heading's unit vector, scaled by 2^14. */
export function headingSinQ14(heading: number): number {
  return SIN_Q14[heading & HEADING_MASK];
}

/**
 * Signed turn from heading `from` to heading `to`, in [-HEADING_STEPS/2, HEADING_STEPS/2):
 * positive is clockwise on screen (y down). Integer wrap-around, no floating point.
 */
export function headingError(from: number, to: number): number {
  return ((to - from + HALF_TURN) & HEADING_MASK) - HALF_TURN;
}

/** dx * cos + dy * sin for a heading: exact in doubles for |d| <= 2^20 (products < 2^35). */
function dot(dx: number, dy: number, heading: number): number {
  const h = heading & HEADING_MASK;
  return dx * COS_Q14[h] + dy * SIN_Q14[h];
}

/** |dy * cos - dx * sin|: how far (dx, dy) lies off a heading's line, scaled; exact like dot. */
function offLine(dx: number, dy: number, heading: number): number {
  const h = heading & HEADING_MASK;
  return Math.abs(dy * COS_Q14[h] - dx * SIN_Q14[h]);
}

/**
 * The heading (0..HEADING_STEPS-1) that points most nearly along the integer vector (dx, dy)
 * (screen axes, y down), or -1 for the zero vector. Integers and the direction tables only, no
 * Math.atan2, so every engine gives the same answer. A coarse pass over every 64th heading
 * finds the one with the largest dot product (within 32 steps of the answer); a fine pass over
 * +-64 around it takes the heading whose line the vector lies closest to (the smallest cross
 * product, ties to the lower heading). The cross product, unlike the dot product, changes
 * fastest right at the answer, so the tables' rounding cannot tip it to a neighbour: (1, 1)
 * gives exactly 512 and a table vector gives back its own heading.
 */
export function headingToward(dx: number, dy: number): number {
  if (!Number.isInteger(dx) || !Number.isInteger(dy) || Math.abs(dx) > 1 << 20 || Math.abs(dy) > 1 << 20) {
    throw new RangeError(`headingToward needs integers within 2^20: ${dx}, ${dy}`);
  }
  if (dx === 0 && dy === 0) return -1;
  let centre = 0;
  let bestDot = dot(dx, dy, 0);
  for (let h = COARSE_STEP; h < HEADING_STEPS; h += COARSE_STEP) {
    const d = dot(dx, dy, h);
    if (d > bestDot) {
      bestDot = d;
      centre = h;
    }
  }
  let best = -1;
  let bestOff = Number.POSITIVE_INFINITY;
  for (let k = -COARSE_STEP; k <= COARSE_STEP; k++) {
    const h = (centre + k) & HEADING_MASK;
    const off = offLine(dx, dy, h);
    if (off < bestOff || (off === bestOff && h < best)) {
      bestOff = off;
      best = h;
    }
  }
  return best;
}
