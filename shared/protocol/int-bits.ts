/** Integer helpers shared by the codec's layout tables and its encoder and decoder. */

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

export function isInt32(value: number): boolean {
  return value >= INT32_MIN && value <= INT32_MAX;
}

/** Bits needed to hold every value 0..max (0 for max <= 0). */
export function bitsFor(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/**
 * Length in bits of the order-0 Exp-Golomb code of `code` = value + 1 (1 <= code < 2^31):
 * n zero bits and the n + 1 bits of code, so the code itself written in that many bits.
 */
export function expGolombBits(code: number): number {
  return 63 - 2 * Math.clz32(code);
}
