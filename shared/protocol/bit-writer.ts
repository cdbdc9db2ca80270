/**
 * MSB-first bit writer over a reusable byte buffer. The buffer doubles only when a message
 * outgrows it, so after the first few messages of a room encoding allocates nothing.
 *
 * Variable-length integers use order-0 Exp-Golomb (the H.264 ue(v) code): v+1 written as
 * n zero bits, then its n+1 significant bits. 0 costs 1 bit, 1..2 cost 3, 3..6 cost 5: the
 * common small residuals of the snapshot codec stay tiny, and the decoder bounds n.
 */

const TWO_POW_32 = 0x1_0000_0000;
/** Largest value writeVarUint accepts: v+1 must stay an exact integer. */
export const MAX_VARUINT = Number.MAX_SAFE_INTEGER - 1;

export class BitWriter {
  private buf: Uint8Array;
  private bytePos = 0;
  /** Pending bits not yet flushed to buf, right-aligned; fewer than 8. */
  private cur = 0;
  private curBits = 0;

  constructor(initialBytes = 256) {
    if (!Number.isInteger(initialBytes) || initialBytes < 1) throw new RangeError('initialBytes must be >= 1');
    this.buf = new Uint8Array(initialBytes);
  }

  /** Starts a new message in the same buffer (invalidates views returned by finish). */
  reset(): void {
    this.bytePos = 0;
    this.cur = 0;
    this.curBits = 0;
  }

  /** Bits written since reset. */
  get bitLength(): number {
    return this.bytePos * 8 + this.curBits;
  }

  /** Current buffer capacity in bytes (tests check that steady state does not grow it). */
  get capacityBytes(): number {
    return this.buf.length;
  }

  /** Writes the low n bits of value (0 <= n <= 32), most significant first. */
  writeBits(value: number, n: number): void {
    let v = value >>> 0;
    let left = n;
    if (left < 32) v &= left === 0 ? 0 : 0xffffffff >>> (32 - left);
    while (left > 0) {
      const take = Math.min(8 - this.curBits, left);
      left -= take;
      this.cur = (this.cur << take) | ((v >>> left) & ((1 << take) - 1));
      this.curBits += take;
      if (this.curBits === 8) {
        this.pushByte(this.cur);
        this.cur = 0;
        this.curBits = 0;
      }
    }
  }

  writeBit(bit: number): void {
    this.writeBits(bit, 1);
  }

  /** Exp-Golomb code for 0 <= value <= MAX_VARUINT. */
  writeVarUint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_VARUINT) {
      throw new RangeError(`varuint out of range: ${value}`);
    }
    const x = value + 1;
    const hi = Math.floor(x / TWO_POW_32);
    const lo = x % TWO_POW_32;
    // n = index of the top set bit of x.
    const n = hi > 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
    for (let z = n; z > 0; z -= 32) this.writeBits(0, Math.min(32, z));
    this.writeBits(1, 1);
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n); // the top bit of lo (bit n) is dropped by the mask
    }
  }

  /** Zigzag (0, -1, 1, -2, ...) then Exp-Golomb; |value| < 2^52. */
  writeSigned(value: number): void {
    this.writeVarUint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** Pads the last byte with zero bits and returns a view of the message (valid until reset). */
  finish(): Uint8Array {
    if (this.curBits > 0) {
      this.pushByte(this.cur << (8 - this.curBits));
      this.cur = 0;
      this.curBits = 0;
    }
    return this.buf.subarray(0, this.bytePos);
  }

  private pushByte(byte: number): void {
    if (this.bytePos === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.bytePos++] = byte;
  }
}
