/**
 * WebSocket frames built once per room per tick and handed to every WebSocket connection of
 * the room, so each socket costs one write() of shared bytes instead of framing its own copy
 * and a two-buffer writev (RFC 6455 §5.2: FIN + opcode, then the length in 7, 7+16 or 7+64
 * bits; servers never mask).
 */

const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const FIN = 0x80;

function headerBytesFor(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

function writeHeader(frame: Buffer, opcode: number, length: number): void {
  frame[0] = FIN | opcode;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
}

/** A binary frame holding `payload`, and the payload inside it: the one copy a snapshot takes. */
export function websocketBinaryFrame(payload: Uint8Array): { frame: Buffer; payload: Buffer } {
  const headerBytes = headerBytesFor(payload.length);
  const frame = Buffer.allocUnsafe(headerBytes + payload.length);
  writeHeader(frame, OPCODE_BINARY, payload.length);
  frame.set(payload, headerBytes);
  return { frame, payload: frame.subarray(headerBytes) };
}

/** A text frame holding `text` (UTF-8), encoded straight into the frame. */
export function websocketTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const headerBytes = headerBytesFor(length);
  const frame = Buffer.allocUnsafe(headerBytes + length);
  writeHeader(frame, OPCODE_TEXT, length);
  frame.write(text, headerBytes, 'utf8');
  return frame;
}
