import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitReader } from './bit-reader';
import { BitWriter, MAX_VARUINT } from './bit-writer';
import { toHex } from './test-world';

describe('BitWriter / BitReader', () => {
  it('writes MSB first and pads the last byte with zeros', () => {
    const w = new BitWriter(1);
    w.writeBits(0b101, 3);
    w.writeBits(0xabcd, 16);
    expect(toHex(w.finish())).toBe('b579a0');
  });

  it('codes Exp-Golomb as specified', () => {
    const w = new BitWriter();
    w.writeVarUint(0); // 1
    w.writeVarUint(1); // 010
    w.writeVarUint(2); // 011
    w.writeVarUint(3); // 00100
    w.writeSigned(-1); // zigzag 1 -> 010
    // 1 010 011 00100 010 + one pad bit = 1010 0110 0100 0100
    expect(toHex(w.finish())).toBe('a644');
  });

  it('round-trips edge values', () => {
    // Each path of the writer's: one word, int32 steps (up to 2^31 - 2), and the general one.
    const values = [0, 1, 2, 4093, 4094, 4095, 4096, 2 ** 22 - 2, 2 ** 22 - 1, 2 ** 23, 2 ** 30, 0x7ffffffe, 0x7fffffff, 0xfffffffe, 0xffffffff, 0x1_0000_0000, 2 ** 40 + 12345, MAX_VARUINT];
    const signed = [0, -1, 1, 2047, -2047, 2048, -2048, 2 ** 21, -(2 ** 21), 2 ** 30 - 1, -(2 ** 30 - 1), 2 ** 30, -(2 ** 30), -0x80000000, 0x7fffffff, -(2 ** 52 - 1), 2 ** 52 - 1];
    const w = new BitWriter(1);
    for (const v of values) w.writeVarUint(v);
    for (const v of signed) w.writeSigned(v);
    w.writeBits(0xffffffff, 32);
    const r = new BitReader();
    r.reset(w.finish());
    for (const v of values) expect(r.readVarUint()).toBe(v);
    for (const v of signed) expect(r.readSigned()).toBe(v);
    expect(r.readBits(32)).toBe(0xffffffff);
    expect(r.failed).toBe(false);
  });

  it('grows by doubling and then stays put', () => {
    const w = new BitWriter(2);
    for (let i = 0; i < 100; i++) w.writeBits(i, 8);
    expect(w.finish().length).toBe(100);
    expect(w.capacityBytes).toBe(128);
    w.reset();
    for (let i = 0; i < 100; i++) w.writeBits(i, 8);
    expect(w.capacityBytes).toBe(128);
  });

  it('a loop of its own writes through reserve and moveCursor, and finishInto copies what finish returns', () => {
    const w = new BitWriter(2);
    w.writeBits(0b101, 3);
    const buf = w.reserve(3);
    expect(buf.length).toBeGreaterThanOrEqual(w.cursorByte + 3);
    // 0b101 pending, then 0b1100110011 by hand: 13 bits, one whole byte and 5 pending.
    const word = (w.cursorPending << 10) | 0b1100110011;
    buf[w.cursorByte] = (word >>> 5) & 0xff;
    w.moveCursor(w.cursorByte + 1, word & 0b11111, 5);
    w.writeBits(0xf, 4);
    expect(w.finishedLength).toBe(3);
    const target = new Uint8Array(6).fill(0xee);
    w.finishInto(target, 2);
    expect(toHex(target.subarray(2, 5))).toBe(toHex(w.finish()));
    expect(toHex(w.finish())).toBe('b99f80');
    expect(target[0]).toBe(0xee);
    expect(target[5]).toBe(0xee);
    expect(() => w.finishInto(target, 4)).toThrow(RangeError);
  });

  it('throws on our own out-of-range writes', () => {
    const w = new BitWriter();
    expect(() => w.writeVarUint(-1)).toThrow(RangeError);
    expect(() => w.writeVarUint(1.5)).toThrow(RangeError);
    expect(() => w.writeVarUint(MAX_VARUINT + 1)).toThrow(RangeError);
  });

  it('flags overrun instead of throwing and returns 0', () => {
    const r = new BitReader();
    r.reset(new Uint8Array([0xff]));
    expect(r.readBits(4)).toBe(15);
    expect(r.readBits(5)).toBe(0);
    expect(r.overrun).toBe(true);
    r.reset(new Uint8Array([0x00, 0x00]));
    expect(r.readVarUint()).toBe(0);
    expect(r.overrun).toBe(true);
  });

  it('flags an over-long Exp-Golomb prefix as malformed after a bounded scan', () => {
    const r = new BitReader();
    r.reset(new Uint8Array(64)); // 512 zero bits
    expect(r.readVarUint()).toBe(0);
    expect(r.malformed).toBe(true);
    expect(r.overrun).toBe(false);
    expect(r.bitPosition).toBe(53);
  });

  it('round-trips any sequence of writes (property)', () => {
    type Op = { kind: 'bits'; n: number; v: number } | { kind: 'uint'; v: number } | { kind: 'int'; v: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('bits' as const), n: fc.integer({ min: 0, max: 32 }), v: fc.integer({ min: 0, max: 0xffffffff }) }),
      fc.record({ kind: fc.constant('uint' as const), v: fc.oneof(fc.nat(40), fc.nat(), fc.maxSafeNat().map((v) => Math.min(v, MAX_VARUINT))) }),
      fc.record({ kind: fc.constant('int' as const), v: fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 52 - 1), max: 2 ** 52 - 1 })) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const w = new BitWriter(1);
        for (const o of ops) {
          if (o.kind === 'bits') w.writeBits(o.v, o.n);
          else if (o.kind === 'uint') w.writeVarUint(o.v);
          else w.writeSigned(o.v);
        }
        const bits = w.bitLength;
        const bytes = w.finish();
        expect(bytes.length).toBe(Math.ceil(bits / 8));
        const r = new BitReader();
        r.reset(bytes);
        for (const o of ops) {
          if (o.kind === 'bits') expect(r.readBits(o.n)).toBe(o.n === 32 ? o.v : o.v % 2 ** o.n);
          else if (o.kind === 'uint') expect(r.readVarUint()).toBe(o.v);
          else expect(r.readSigned()).toBe(o.v);
        }
        expect(r.failed).toBe(false);
      }),
    );
  });
});
