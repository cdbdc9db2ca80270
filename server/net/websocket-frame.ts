/**
 * One unmasked WebSocket binary frame (RFC 6455 §5.2: FIN + opcode 2, then the length in 7,
 * 7+16 or 7+64 bits; servers never mask) holding the whole payload, in a single Buffer. Built
 * once per room per tick and handed to every WebSocket connection of the room, so each socket
 * costs one write() of shared bytes instead of framing its own copy and a two-buffer writev.
 */
export function websocketBinaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerBytes);
  return frame;
}
