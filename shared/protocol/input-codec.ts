import { controlProblem, type ControlProblem } from '../sim/steering';
import { ErrorCode } from './error-code';
import { MsgCode } from './msg-code';

/**
 * Input message, client -> server (protocol version 3), 12 bytes:
 *
 *   byte 0      MsgCode.Input
 *   bytes 1-4   seq, uint32 little-endian: input order, one more per input sent
 *   bytes 5-8   tick, uint32 little-endian: the server tick the input is meant for
 *   byte 9      buttons (Button bits; bits outside BUTTON_MASK rejected)
 *   bytes 10-11 steer, uint16 little-endian: 0, or a point-to-steer target heading (bits 0-11)
 *               and throttle 1..15 (bits 12-15), shared/sim/steering.ts
 *
 * Bytes 9-11 read as one little-endian 24-bit number are the input's control word
 * (steering.ts): buttons | steer << 8, which is how both ends carry it. At most one of buttons
 * and steer is nonzero.
 */
export const INPUT_LAYOUT = {
  seq: 1,
  tick: 5,
  buttons: 9,
  steer: 10,
} as const;
export const INPUT_BYTES = 12;

export interface InputMessage {
  seq: number;
  /** Server tick the input is meant for (the client's tick clock stamps it). */
  tick: number;
  /** Buttons and steer as one control word (steering.ts, packControl). */
  control: number;
}

/** The decoder's code for each way a control word can be wrong. */
const CONTROL_ERRORS: Record<ControlProblem, ErrorCode> = {
  buttons: ErrorCode.PROTO_OUT_OF_RANGE,
  steer: ErrorCode.PROTO_BAD_STEER,
  both: ErrorCode.PROTO_BAD_STEER,
};

function checkUint32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`input ${name} out of range: ${value}`);
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Encodes into `out` (at least INPUT_BYTES long, reused by the caller's send loop) or a new
 * array. Returns exactly the message bytes. Throws on values the layout cannot hold (our bug).
 */
export function encodeInput(input: InputMessage, out?: Uint8Array): Uint8Array {
  checkUint32('seq', input.seq);
  checkUint32('tick', input.tick);
  const control = input.control;
  const problem = controlProblem(control);
  if (problem !== null) throw new RangeError(`input control out of range (${problem}): ${control}`);
  const bytes = out ?? new Uint8Array(INPUT_BYTES);
  if (bytes.length < INPUT_BYTES) throw new RangeError('input buffer shorter than INPUT_BYTES');
  bytes[0] = MsgCode.Input;
  writeUint32(bytes, INPUT_LAYOUT.seq, input.seq);
  writeUint32(bytes, INPUT_LAYOUT.tick, input.tick);
  bytes[INPUT_LAYOUT.buttons] = control & 0xff;
  bytes[INPUT_LAYOUT.steer] = (control >>> 8) & 0xff;
  bytes[INPUT_LAYOUT.steer + 1] = (control >>> 16) & 0xff;
  return bytes.length === INPUT_BYTES ? bytes : bytes.subarray(0, INPUT_BYTES);
}

/**
 * Decodes untrusted bytes into `out` (reused by the server per socket: no allocation).
 * Returns null on success, else the reject code; `out` is only written on success. Whether
 * the tick and seq make sense is the server's check (server/rooms/input-buffer.ts).
 */
export function decodeInput(bytes: Uint8Array, out: InputMessage): ErrorCode | null {
  if (bytes.length === 0) return ErrorCode.PROTO_EMPTY;
  if (bytes[0] !== MsgCode.Input) return ErrorCode.PROTO_UNKNOWN_CODE;
  if (bytes.length < INPUT_BYTES) return ErrorCode.PROTO_TRUNCATED;
  if (bytes.length > INPUT_BYTES) return ErrorCode.PROTO_OVERSIZED;
  const at = INPUT_LAYOUT.buttons;
  const control = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
  const problem = controlProblem(control);
  if (problem !== null) return CONTROL_ERRORS[problem];
  out.seq = readUint32(bytes, INPUT_LAYOUT.seq);
  out.tick = readUint32(bytes, INPUT_LAYOUT.tick);
  out.control = control;
  return null;
}
