import { BUTTON_MASK } from '../sim/constants';
import { ErrorCode } from './error-code';
import { MsgCode } from './msg-code';

/**
 * Input message, client -> server, 6 bytes:
 *
 *   byte 0     MsgCode.Input
 *   bytes 1-4  seq, uint32 little-endian
 *   byte 5     buttons (Button bits; bits outside BUTTON_MASK rejected)
 */
export const INPUT_BYTES = 6;

export interface InputMessage {
  seq: number;
  buttons: number;
}

/**
 * Encodes into `out` (at least INPUT_BYTES long, reused by the caller's send loop) or a new
 * array. Returns exactly the 6 message bytes.
 */
export function encodeInput(seq: number, buttons: number, out?: Uint8Array): Uint8Array {
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffffffff) throw new RangeError(`input seq out of range: ${seq}`);
  if (!Number.isInteger(buttons) || (buttons & ~BUTTON_MASK) !== 0) {
    throw new RangeError(`input buttons out of range: ${buttons}`);
  }
  const bytes = out ?? new Uint8Array(INPUT_BYTES);
  if (bytes.length < INPUT_BYTES) throw new RangeError('input buffer shorter than INPUT_BYTES');
  bytes[0] = MsgCode.Input;
  bytes[1] = seq & 0xff;
  bytes[2] = (seq >>> 8) & 0xff;
  bytes[3] = (seq >>> 16) & 0xff;
  bytes[4] = (seq >>> 24) & 0xff;
  bytes[5] = buttons;
  return bytes.length === INPUT_BYTES ? bytes : bytes.subarray(0, INPUT_BYTES);
}

/**
 * Decodes untrusted bytes into `out` (reused by the server per socket: no allocation).
 * Returns null on success, else the reject code; `out` is only written on success.
 */
export function decodeInput(bytes: Uint8Array, out: InputMessage): ErrorCode | null {
  if (bytes.length === 0) return ErrorCode.PROTO_EMPTY;
  if (bytes[0] !== MsgCode.Input) return ErrorCode.PROTO_UNKNOWN_CODE;
  if (bytes.length < INPUT_BYTES) return ErrorCode.PROTO_TRUNCATED;
  if (bytes.length > INPUT_BYTES) return ErrorCode.PROTO_OVERSIZED;
  const buttons = bytes[5];
  if ((buttons & ~BUTTON_MASK) !== 0) return ErrorCode.PROTO_OUT_OF_RANGE;
  out.seq = (bytes[1] | (bytes[2] << 8) | (bytes[3] << 16) | (bytes[4] << 24)) >>> 0;
  out.buttons = buttons;
  return null;
}
