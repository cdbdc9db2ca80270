import { ErrorCode, type DecodeResult } from './error-code';
import { MsgCode } from './msg-code';

/**
 * Ping (client -> server) and Pong (server -> client), 9 bytes each:
 *
 *   byte 0     MsgCode.Ping or MsgCode.Pong
 *   bytes 1-8  client clock in ms, float64 little-endian (Pong echoes the Ping's value)
 *
 * The server never reads the value, it echoes it; the client subtracts it from its clock for
 * the RTT, so the two clocks never need to agree. Low rate (about 1 Hz): allocating is fine.
 */
export const PING_BYTES = 9;

type PingCode = typeof MsgCode.Ping | typeof MsgCode.Pong;

function encodeClock(code: PingCode, clientTimeMs: number): Uint8Array {
  if (!Number.isFinite(clientTimeMs)) throw new RangeError(`ping time must be finite: ${clientTimeMs}`);
  const bytes = new Uint8Array(PING_BYTES);
  bytes[0] = code;
  new DataView(bytes.buffer).setFloat64(1, clientTimeMs, true);
  return bytes;
}

function decodeClock(code: PingCode, bytes: Uint8Array): DecodeResult<number> {
  if (bytes.length === 0) return { ok: false, code: ErrorCode.PROTO_EMPTY };
  if (bytes[0] !== code) return { ok: false, code: ErrorCode.PROTO_UNKNOWN_CODE };
  if (bytes.length < PING_BYTES) return { ok: false, code: ErrorCode.PROTO_TRUNCATED };
  if (bytes.length > PING_BYTES) return { ok: false, code: ErrorCode.PROTO_OVERSIZED };
  const value = new DataView(bytes.buffer, bytes.byteOffset, PING_BYTES).getFloat64(1, true);
  if (!Number.isFinite(value)) return { ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE };
  return { ok: true, value };
}

export function encodePing(clientTimeMs: number): Uint8Array {
  return encodeClock(MsgCode.Ping, clientTimeMs);
}

export function encodePong(clientTimeMs: number): Uint8Array {
  return encodeClock(MsgCode.Pong, clientTimeMs);
}

/** Decodes a Ping; `value` is the client's clock to echo. */
export function decodePing(bytes: Uint8Array): DecodeResult<number> {
  return decodeClock(MsgCode.Ping, bytes);
}

/** Decodes a Pong; `value` is the clock the client put in its Ping. */
export function decodePong(bytes: Uint8Array): DecodeResult<number> {
  return decodeClock(MsgCode.Pong, bytes);
}
