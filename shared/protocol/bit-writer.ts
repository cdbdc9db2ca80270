import { expGolombBits } from './int-bits';

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
/** Widest field writeBits writes in one step (7 pending bits + 23 < 31); callers fusing codes stay within it. */
export const FAST_BITS = 23;
/** finishInto copies a message up to this long byte by byte, a longer one through a view. */
const COPY_LOOP_BYTES = 128;
/** writeVarUint values below this (value+1 < 2^12, so 2n+1 <= 23 bits) are written as a single word. */
const FAST_VARUINT_LIMIT = (1 << 12) - 1;
/** writeSigned values with |v| below this zigzag under FAST_VARUINT_LIMIT. */
const FAST_SIGNED_LIMIT = 1 << 11;
/** writeVarUint values below this (value + 1 < 2^31) take writeMediumCode. */
const MEDIUM_VARUINT_LIMIT = 0x7fffffff;
/** writeSigned values with |v| below this zigzag under MEDIUM_VARUINT_LIMIT. */
const MEDIUM_SIGNED_LIMIT = 1 << 30;

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
    if (n > FAST_BITS) {
      // Two halves keep the pending word under 2^31 (see writeShort).
      this.writeShort((value >>> 16) & (0xffffffff >>> (48 - n)), n - 16);
      this.writeShort(value & 0xffff, 16);
    } else {
      this.writeShort(n === 0 ? 0 : value & (0xffffffff >>> (32 - n)), n);
    }
  }

  writeBit(bit: number): void {
    this.writeShort(bit & 1, 1);
  }

  /**
   * Exp-Golomb code for 0 <= value <= MAX_VARUINT. Values below FAST_VARUINT_LIMIT (every
   * residual of a normal snapshot) go out as one word: n zero bits then the n+1 bits of
   * value+1 are exactly value+1 written in 2n+1 bits.
   */
  writeVarUint(value: number): void {
    if (value >= 0 && value < FAST_VARUINT_LIMIT && (value | 0) === value) {
      const x = value + 1;
      this.writeShort(x, expGolombBits(x));
      return;
    }
    if (value >= 0 && value < MEDIUM_VARUINT_LIMIT && (value | 0) === value) this.writeMediumCode(value + 1);
    else this.writeVarUintSlow(value);
  }

  /** Zigzag (0, -1, 1, -2, ...) then Exp-Golomb; |value| < 2^52. */
  writeSigned(value: number): void {
    if (value > -FAST_SIGNED_LIMIT && value < FAST_SIGNED_LIMIT && (value | 0) === value) {
      // Zigzag of a small int32, then the one-word Exp-Golomb of writeVarUint.
      const x = ((value << 1) ^ (value >> 31)) + 1;
      this.writeShort(x, expGolombBits(x));
      return;
    }
    if (value > -MEDIUM_SIGNED_LIMIT && value < MEDIUM_SIGNED_LIMIT && (value | 0) === value) this.writeMediumCode(((value << 1) ^ (value >> 31)) + 1);
    else this.writeVarUintSlow(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /**
   * For a coder that writes many short codes in one loop of its own, keeping the position in
   * local variables (the recorder's inputs, input-run.ts): room for `bytes` more bytes, and
   * the buffer to write them into (valid until the writer next grows it). The loop reads
   * cursorByte / cursorPending / cursorPendingBits first and hands them back with moveCursor()
   * before anything else writes. A property load and store per code cost the recorder about
   * half of its input coding (issue 14).
   */
  reserve(bytes: number): Uint8Array {
    if (this.bytePos + bytes > this.buf.length) {
      let length = this.buf.length * 2;
      while (this.bytePos + bytes > length) length *= 2;
      const grown = new Uint8Array(length);
      grown.set(this.buf.subarray(0, this.bytePos));
      this.buf = grown;
    }
    return this.buf;
  }

  /** Whole bytes written (see reserve). */
  get cursorByte(): number {
    return this.bytePos;
  }

  /** The pending bits not yet in a whole byte, right-aligned (fewer than 8; see reserve). */
  get cursorPending(): number {
    return this.cur;
  }

  get cursorPendingBits(): number {
    return this.curBits;
  }

  /** Takes back the position a loop of reserve() moved to. */
  moveCursor(bytePos: number, pending: number, pendingBits: number): void {
    this.bytePos = bytePos;
    this.cur = pending;
    this.curBits = pendingBits;
  }

  /** Bytes of the message once finished (the last byte padded). */
  get finishedLength(): number {
    return this.bytePos + (this.curBits > 0 ? 1 : 0);
  }

  /**
   * Pads the last byte with zero bits and copies the message into `target` at `offset` (room
   * for finishedLength bytes): what finish() and a copy do, without a view made to copy from
   * (a recording chunk, cut every few seconds per room: issue 14).
   */
  finishInto(target: Uint8Array, offset: number): void {
    const length = this.finishedLength;
    if (offset < 0 || offset + length > target.length) throw new RangeError(`finishInto: ${length} bytes do not fit at ${offset} of ${target.length}`);
    const buf = this.buf;
    const whole = this.bytePos;
    // A view to copy from costs about what a loop over a hundred bytes does.
    if (whole > COPY_LOOP_BYTES) target.set(buf.subarray(0, whole), offset);
    else for (let i = 0; i < whole; i++) target[offset + i] = buf[i];
    if (this.curBits > 0) target[offset + whole] = (this.cur << (8 - this.curBits)) & 0xff;
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

  /**
   * Appends the low n bits of v, where v < 2^n and n <= FAST_BITS: fewer than 8 pending bits
   * plus at most 23 new ones stay below 2^31, so the shifts never reach the sign bit.
   */
  private writeShort(v: number, n: number): void {
    let bits = this.curBits + n;
    const word = (this.cur << n) | v;
    while (bits >= 8) {
      bits -= 8;
      this.pushByte((word >>> bits) & 0xff);
    }
    this.cur = word & ((1 << bits) - 1);
    this.curBits = bits;
  }

  /**
   * The Exp-Golomb code of x = value + 1 for 2^12 <= x < 2^31 (positions, ticks, seqs: a
   * keyframe's usual values): n zero bits, then x in its n + 1 bits (n <= 30, so writeBits
   * takes each), the same bits as writeVarUintSlow without its range checks and float division.
   */
  private writeMediumCode(x: number): void {
    const n = 31 - Math.clz32(x);
    this.writeBits(0, n);
    this.writeBits(x, n + 1);
  }

  private writeVarUintSlow(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_VARUINT) {
      throw new RangeError(`varuint out of range: ${value}`);
    }
    const x = value + 1;
    const hi = Math.floor(x / TWO_POW_32);
    const lo = x % TWO_POW_32;
    // n = index of the top set bit of x.
    const n = hi > 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
    for (let z = n; z > 0; z -= 16) this.writeShort(0, Math.min(16, z));
    this.writeShort(1, 1);
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n); // the top bit of lo (bit n) is dropped by the mask
    }
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
