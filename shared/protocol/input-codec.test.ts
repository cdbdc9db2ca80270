import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './error-code';
import { decodeInput, encodeInput, INPUT_BYTES, type InputMessage } from './input-codec';
import { MsgCode } from './msg-code';
import { fromHex, toHex } from './test-world';

describe('input codec', () => {
  it('encodes to pinned bytes', () => {
    expect(toHex(encodeInput(0x01020304, 0b1001))).toBe('030403020109');
    expect(toHex(encodeInput(0xffffffff, 0))).toBe('03ffffffff00');
  });

  it('reuses the caller buffer', () => {
    const out = new Uint8Array(INPUT_BYTES);
    expect(encodeInput(5, 1, out)).toBe(out);
    const big = new Uint8Array(16);
    expect(encodeInput(5, 1, big).length).toBe(INPUT_BYTES);
  });

  it('round-trips any seq and buttons (property)', () => {
    const out: InputMessage = { seq: 0, buttons: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 15 }), (seq, buttons) => {
        expect(decodeInput(encodeInput(seq, buttons), out)).toBeNull();
        expect(out).toEqual({ seq, buttons });
      }),
    );
  });

  it('rejects bad messages with stable codes and leaves out untouched', () => {
    const out: InputMessage = { seq: 9, buttons: 9 };
    expect(decodeInput(new Uint8Array(0), out)).toBe(ErrorCode.PROTO_EMPTY);
    expect(decodeInput(fromHex('04000000000000'), out)).toBe(ErrorCode.PROTO_UNKNOWN_CODE);
    expect(decodeInput(fromHex('0300000000'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('03000000000000'), out)).toBe(ErrorCode.PROTO_OVERSIZED);
    expect(decodeInput(fromHex('030000000010'), out)).toBe(ErrorCode.PROTO_OUT_OF_RANGE);
    expect(out).toEqual({ seq: 9, buttons: 9 });
  });

  it('never throws on arbitrary bytes (property)', () => {
    const out: InputMessage = { seq: 0, buttons: 0 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        const error = decodeInput(bytes, out);
        if (error === null) expect(bytes[0]).toBe(MsgCode.Input);
      }),
    );
  });

  it('throws (our bug) when asked to encode out-of-range values', () => {
    expect(() => encodeInput(-1, 0)).toThrow(RangeError);
    expect(() => encodeInput(2 ** 32, 0)).toThrow(RangeError);
    expect(() => encodeInput(1, 16)).toThrow(RangeError);
    expect(() => encodeInput(1, 0, new Uint8Array(5))).toThrow(RangeError);
  });
});
