/**
 * MSB-first bit reader over untrusted bytes. It never throws and never loops longer than the
 * bits it was given: reading past the end sets `overrun` and yields 0, a variable-length code
 * with too long a prefix sets `malformed` and yields 0. Decoders check the flags once per
 * record (or at the end) and map them to PROTO_TRUNCATED / PROTO_OUT_OF_RANGE.
 */

const TWO_POW_32 = 0x1_0000_0000;
/** Longest Exp-Golomb prefix accepted: values up to 2^53 - 2, matching BitWriter. */
const MAX_PREFIX_BITS = 52;

const EMPTY = new Uint8Array(0);

export class BitReader {
  private bytes: Uint8Array = EMPTY;
  private bitPos = 0;
  private bitEnd = 0;
  /** Set when a read went past the end of the bytes. */
  overrun = false;
  /** Set when a variable-length code was longer than any value we write. */
  malformed = false;

  /** Points the reader at bytes[byteOffset..]; no copy, no allocation. */
  reset(bytes: Uint8Array, byteOffset = 0): void {
    this.bytes = bytes;
    this.bitPos = Math.min(byteOffset, bytes.length) * 8;
    this.bitEnd = bytes.length * 8;
    this.overrun = false;
    this.malformed = false;
  }

  /** True once overrun or malformed is set. */
  get failed(): boolean {
    return this.overrun || this.malformed;
  }

  get bitPosition(): number {
    return this.bitPos;
  }

  /** Bits left between the read position and the end of the bytes. */
  get remainingBits(): number {
    return this.bitEnd - this.bitPos;
  }

  /** Reads n bits (0 <= n <= 32) as an unsigned number. */
  readBits(n: number): number {
    if (n > this.bitEnd - this.bitPos) {
      this.overrun = true;
      this.bitPos = this.bitEnd;
      return 0;
    }
    let out = 0;
    let left = n;
    while (left > 0) {
      const byte = this.bytes[this.bitPos >>> 3];
      const offset = this.bitPos & 7;
      const take = Math.min(8 - offset, left);
      const chunk = (byte >>> (8 - offset - take)) & ((1 << take) - 1);
      // Multiply instead of shifting so a 32-bit read stays unsigned.
      out = out * (1 << take) + chunk;
      this.bitPos += take;
      left -= take;
    }
    return out;
  }

  readBit(): number {
    return this.readBits(1);
  }

  /** Exp-Golomb; prefix bounded by MAX_PREFIX_BITS and by the bits that are left. */
  readVarUint(): number {
    let n = 0;
    for (;;) {
      if (this.bitPos >= this.bitEnd) {
        this.overrun = true;
        return 0;
      }
      const bit = (this.bytes[this.bitPos >>> 3] >>> (7 - (this.bitPos & 7))) & 1;
      this.bitPos++;
      if (bit === 1) break;
      if (++n > MAX_PREFIX_BITS) {
        this.malformed = true;
        return 0;
      }
    }
    if (n <= 32) return 2 ** n + this.readBits(n) - 1;
    const hi = this.readBits(n - 32);
    const lo = this.readBits(32);
    return 2 ** n + hi * TWO_POW_32 + lo - 1;
  }

  /** Inverse of BitWriter.writeSigned. */
  readSigned(): number {
    const u = this.readVarUint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}
