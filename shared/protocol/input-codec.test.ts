import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADING_STEPS } from '../sim/constants';
import { packControl, packSteer, STEER_THROTTLE_MAX } from '../sim/steering';
import { ErrorCode } from './error-code';
import { decodeInput, encodeInput, INPUT_BYTES, type InputMessage } from './input-codec';
import { MsgCode } from './msg-code';
import { fromHex, toHex } from './test-world';

/** Up-right on screen (north-east): 7/8 of a turn from east, clockwise. */
const NORTH_EAST = (HEADING_STEPS * 7) / 8;
const NORTH = (HEADING_STEPS * 3) / 4;

describe('input codec (protocol version 3)', () => {
  it('encodes to pinned bytes: code, seq, tick, buttons, steer', () => {
    // Tank steering: the buttons byte, steer 0.
    expect(toHex(encodeInput({ seq: 0x01020304, tick: 0x0a0b0c0d, control: 0b1001 }))).toBe('03040302010d0c0b0a090000');
    expect(toHex(encodeInput({ seq: 0xffffffff, tick: 0, control: 0 }))).toBe('03ffffffff00000000000000');
    expect(toHex(encodeInput({ seq: 1, tick: 812, control: 1 }))).toBe('03010000002c030000010000');
    // Point to steer: north-east (heading 3584 = 0xe00) at full throttle (15 << 12): steer 0xfe00.
    expect(toHex(encodeInput({ seq: 2, tick: 812, control: packControl(0, packSteer(NORTH_EAST, STEER_THROTTLE_MAX)) }))).toBe('03020000002c0300000000fe');
    // North (3072 = 0xc00) at throttle 8: steer 0x8c00.
    expect(toHex(encodeInput({ seq: 3, tick: 813, control: packControl(0, packSteer(NORTH, 8)) }))).toBe('03030000002d03000000008c');
  });

  it('decodes the pinned bytes back', () => {
    const out: InputMessage = { seq: 0, tick: 0, control: 0 };
    expect(decodeInput(fromHex('03040302010d0c0b0a090000'), out)).toBeNull();
    expect(out).toEqual({ seq: 0x01020304, tick: 0x0a0b0c0d, control: 9 });
    expect(decodeInput(fromHex('03020000002c0300000000fe'), out)).toBeNull();
    expect(out).toEqual({ seq: 2, tick: 812, control: 0xfe00 << 8 });
  });

  it('reuses the caller buffer', () => {
    const out = new Uint8Array(INPUT_BYTES);
    expect(encodeInput({ seq: 5, tick: 6, control: 1 }, out)).toBe(out);
    const big = new Uint8Array(16);
    expect(encodeInput({ seq: 5, tick: 6, control: 1 }, big).length).toBe(INPUT_BYTES);
  });

  it('round-trips any seq, tick and buttons or steer target (property)', () => {
    const out: InputMessage = { seq: 0, tick: 0, control: 0 };
    const uint32 = fc.integer({ min: 0, max: 0xffffffff });
    const control = fc.oneof(
      fc.integer({ min: 0, max: 15 }),
      fc.tuple(fc.integer({ min: 0, max: HEADING_STEPS - 1 }), fc.integer({ min: 1, max: STEER_THROTTLE_MAX })).map(([h, t]) => packControl(0, packSteer(h, t))),
    );
    fc.assert(
      fc.property(uint32, uint32, control, (seq, tick, c) => {
        expect(decodeInput(encodeInput({ seq, tick, control: c }), out)).toBeNull();
        expect(out).toEqual({ seq, tick, control: c });
      }),
    );
  });

  it('rejects bad messages with stable codes and leaves out untouched', () => {
    const out: InputMessage = { seq: 9, tick: 9, control: 9 };
    expect(decodeInput(new Uint8Array(0), out)).toBe(ErrorCode.PROTO_EMPTY);
    expect(decodeInput(fromHex('040000000000000000000000'), out)).toBe(ErrorCode.PROTO_UNKNOWN_CODE);
    // A version 1 input (6 bytes) and a version 2 input (10 bytes) are too short for version 3.
    expect(decodeInput(fromHex('030403020109'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('03040302010d0c0b0a09'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('0300000000000000000000'), out)).toBe(ErrorCode.PROTO_TRUNCATED);
    expect(decodeInput(fromHex('03000000000000000000000000'), out)).toBe(ErrorCode.PROTO_OVERSIZED);
    // A button bit outside BUTTON_MASK.
    expect(decodeInput(fromHex('030000000000000000100000'), out)).toBe(ErrorCode.PROTO_OUT_OF_RANGE);
    // A steer heading (5) without a throttle: meaningless, refused.
    expect(decodeInput(fromHex('030000000000000000000500'), out)).toBe(ErrorCode.PROTO_BAD_STEER);
    // Buttons and a steer target at once: one input steers one way.
    expect(decodeInput(fromHex('0300000000000000000100fe'), out)).toBe(ErrorCode.PROTO_BAD_STEER);
    expect(out).toEqual({ seq: 9, tick: 9, control: 9 });
  });

  it('accepts every steer value with a throttle and no buttons, refuses every other nonzero steer (exhaustive)', () => {
    const out: InputMessage = { seq: 0, tick: 0, control: 0 };
    const bytes = fromHex('030100000001000000000000');
    for (let steer = 0; steer <= 0xffff; steer++) {
      bytes[10] = steer & 0xff;
      bytes[11] = steer >>> 8;
      const error = decodeInput(bytes, out);
      if (steer === 0 || steer >>> 12 > 0) expect(error).toBeNull();
      else expect(error).toBe(ErrorCode.PROTO_BAD_STEER);
    }
  });

  it('never throws on arbitrary bytes (property)', () => {
    const out: InputMessage = { seq: 0, tick: 0, control: 0 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        const error = decodeInput(bytes, out);
        if (error === null) expect([bytes[0], bytes.length]).toEqual([MsgCode.Input, INPUT_BYTES]);
      }),
    );
  });

  it('throws (our bug) when asked to encode out-of-range values', () => {
    expect(() => encodeInput({ seq: -1, tick: 0, control: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 2 ** 32, tick: 0, control: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: -1, control: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 1.5, control: 0 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, control: 16 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, control: 5 << 8 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, control: packControl(1, packSteer(0, 3)) })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, control: 1 << 24 })).toThrow(RangeError);
    expect(() => encodeInput({ seq: 1, tick: 0, control: 0 }, new Uint8Array(11))).toThrow(RangeError);
  });
});
