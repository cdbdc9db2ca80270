/**
 * Seeded pseudo-random numbers (mulberry32). The state lives in the world so that the
 * simulation stays a pure function of (state, inputs): no Math.random anywhere in shared/sim.
 */
export interface RngHolder {
  rngState: number;
}

/** Returns a float in [0, 1) and advances the holder's state. */
export function nextRandom(holder: RngHolder): number {
  let t = (holder.rngState = (holder.rngState + 0x6d2b79f5) | 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Returns an integer in [0, maxExclusive). */
export function nextInt(holder: RngHolder, maxExclusive: number): number {
  return Math.floor(nextRandom(holder) * maxExclusive);
}
