import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './error-code';
import { decodeInput, encodeInput, INPUT_BYTES, type InputMessage } from './input-codec';
import { MsgCode } from './msg-code';
import { fromHex, toHex } from './test-world';

describe('input codec (protocol version 2)', () => {
  it('encodes to pinned bytes: code, seq, tick, buttons', () => {
    expect(toHex(encodeInput({ seq: 0x01020304, tick: 0x0a0b0c0d, buttons: 0b1001 }))).toBe('03040302010d0c0b0a09');
    expect(toHex(encodeInput({ seq: 0xffffffff, tick: 0, buttons: 0 }))).toBe('03ffffffff0000000000');
    expect(toHex(encodeInput({ seq: 1, tick: 812, buttons: 1 }))).toBe('03010000002c03000001');
  });

  it('decodes the pinned bytes back', () => {
    const out: InputMessage = { seq: 0, tick: 0, buttons: 0 };
    expect(decodeInput(fromHex('03040302010d0c0b0a09'), out)).toBeNull();
    expect(out).toEqual({ seq: 0x01020304, tick: 0x0a0b0c0d, buttons: 9 });
  });

  it('reuses the caller buffer', () => {
    const out = new Uint8Array(INPUT_BYTES);
    expect(encodeInput({ seq: 5, tick: 6, buttons: 1 }, out)).toBe(out);
    const big = new Uint8Array(16);
    expect(encodeInput({ seq: 5, tick: 6, buttons: 1 }, big).length).toBe(INPUT_BYTES);
  });

  it('round-trips any seq, tick and buttons (property)', () => {
    const out: InputMessage = { seq: 0, tick: 0, buttons: 0 };
    const uint32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(uint32, uint32, fc.integer({ min: 0, max: 15 }), (seq, tick, buttons) => {
        expect(decodeInput(encodeInput({ seq, tick, buttons }), out)).toBeNull();
        expect(out).toEqual({ seq, tick, buttons });
      }),
    );
  });

  it('rejects bad messages with stable codes and leaves out untouched', () => {
    const out: InputMessage = { seq: 9, tick: 9, buttons: 9 };
    expect(decodeInput(new Uint8Array(0), out)).toBe(ErrorCode.PROTO_EMPTY);
    expect(decodeInput(fromHex('04000000000000000000'), out)).toBe(ErrorCode.PROTO_UNKNOWN_CODE);
    // A version 1 input (6 bytes) is too short for version 2.
    expect(decodeInput(fromHex('030403020109'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('030000000000000000'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('0300000000000000000000'), out)).toBe(ErrorCode.PROTO_OVERSIZED);
    expect(decodeInput(fromHex('03000000000000000010'), out)).toBe(ErrorCode.PROTO_OUT_OF_RANGE);
    expect(out).toEqual({ seq: 9, tick: 9, buttons: 9 });
  });

  it('never throws on arbitrary bytes (property)', () => {
    const out: InputMessage = { seq: 0, tick: 0, buttons: 0 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        const error = decodeInput(bytes, out);
        if (error === null) expect([bytes[0], bytes.length]).toEqual([MsgCode.Input, INPUT_BYTES]);
      }),
    );
  });

  it('throws (our bug) when asked to encode out-of-range values', () => {
    expect(() => encodeInput({ seq: -1, tick: 0, buttons: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 2 ** 32, tick: 0, buttons: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: -1, buttons: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 1.5, buttons: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, buttons: 16 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, buttons: 0 }, new Uint8Array(9))).toThrow(RangeError);
  });
});
