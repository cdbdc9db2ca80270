import { describe, expect, it } from 'vitest';
import { ErrorCode } from './error-code';
import { MsgCode } from './msg-code';
import { decodePing, decodePong, encodePing, encodePong, PING_BYTES } from './ping-codec';
import { toHex } from './test-world';

describe('ping codec', () => {
  it('encodes to pinned bytes and round-trips; Pong echoes the time', () => {
    expect(toHex(encodePing(1.5))).toBe('04000000000000f83f');
    const ping = encodePing(123456.789);
    expect(decodePing(ping)).toEqual({ ok: true, value: 123456.789 });
    const pong = encodePong(123456.789);
    expect(pong[0]).toBe(MsgCode.Pong);
    expect(pong.subarray(1)).toEqual(ping.subarray(1));
    expect(decodePong(pong)).toEqual({ ok: true, value: 123456.789 });
  });

  it('reads through an unaligned view', () => {
    const backing = new Uint8Array(PING_BYTES + 3);
    backing.set(encodePong(42), 3);
    expect(decodePong(backing.subarray(3))).toEqual({ ok: true, value: 42 });
  });

  it('rejects bad messages with stable codes', () => {
    const nan = encodePing(0);
    new DataView(nan.buffer).setFloat64(1, Number.NaN, true);
    const inf = encodePing(0);
    new DataView(inf.buffer).setFloat64(1, Number.POSITIVE_INFINITY, true);
    expect(decodePing(new Uint8Array(0))).toEqual({ ok: false, code: ErrorCode.PROTO_EMPTY });
    expect(decodePing(encodePong(1))).toEqual({ ok: false, code: ErrorCode.PROTO_UNKNOWN_CODE });
    expect(decodePing(encodePing(1).subarray(0, 8))).toEqual({ ok: false, code: ErrorCode.PROTO_TRUNCATED });
    expect(decodePing(new Uint8Array([MsgCode.Ping, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ ok: false, code: ErrorCode.PROTO_OVERSIZED });
    expect(decodePing(nan)).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    expect(decodePing(inf)).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    expect(() => encodePing(Number.NaN)).toThrow(RangeError);
  });
});
