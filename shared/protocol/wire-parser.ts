import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser';

/**
 * socket.io parser that sends each hot binary message as exactly one binary WebSocket frame.
 *
 * The default parser turns `emit('b', bytes)` into a text frame with a placeholder plus a
 * binary attachment frame: two frames and ~45 bytes of overhead on every snapshot. Here an
 * EVENT on "/" whose data is exactly [BINARY_EVENT, bytes] (no ack id) is encoded as the bytes
 * themselves; a binary frame arriving is decoded back into that event. Every binary message
 * starts with its MsgCode byte, so the frame needs no header of ours either.
 *
 * Everything else (control messages) goes through the default encoder as one text frame, and
 * must be JSON-only: a control packet carrying binary is our bug and throws. Incoming text
 * packets of the default binary types (BINARY_EVENT / BINARY_ACK) are refused by throwing,
 * which socket.io turns into closing that one connection (server: Client#ondata; client:
 * Manager#ondata). Browser-safe: Uint8Array only, no Buffer.
 *
 * Bytes are sent by reference and engine.io / ws may queue them after emit() returns: emit a
 * copy, never a view of a buffer that will be rewritten (SnapshotEncoder's output is one).
 */

/** Event name of every binary message, in both directions. */
export const BINARY_EVENT = 'b';

/** Packet-type digits that open a default-parser binary packet's text header. */
const BINARY_EVENT_DIGIT = String(PacketType.BINARY_EVENT);
const BINARY_ACK_DIGIT = String(PacketType.BINARY_ACK);

function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value; // also Node's Buffer
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/** The bytes of a hot binary packet, or null when the packet is a control packet. */
function hotBytes(packet: Packet): Uint8Array | null {
  if (packet.type !== PacketType.EVENT || packet.nsp !== '/' || packet.id != null) return null;
  const data: unknown = packet.data;
  if (!Array.isArray(data) || data.length !== 2 || data[0] !== BINARY_EVENT) return null;
  return asBytes(data[1]);
}

export class WireEncoder extends Encoder {
  override encode(packet: Packet): (string | Uint8Array)[] {
    const bytes = hotBytes(packet);
    if (bytes !== null) {
      if (bytes.length === 0) throw new Error('wire-parser: empty binary message');
      return [bytes];
    }
    const encoded: unknown[] = super.encode(packet);
    if (encoded.length !== 1 || typeof encoded[0] !== 'string') {
      throw new Error(`wire-parser: control packet carries binary (only ['${BINARY_EVENT}', bytes] may)`);
    }
    return [encoded[0]];
  }
}

export class WireDecoder extends Decoder {
  override add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      const digit = chunk.charAt(0);
      if (digit === BINARY_EVENT_DIGIT || digit === BINARY_ACK_DIGIT) {
        throw new Error('wire-parser: binary attachments are not accepted');
      }
      super.add(chunk);
      return;
    }
    const bytes = asBytes(chunk);
    if (bytes === null) throw new Error('wire-parser: unsupported chunk type');
    if (bytes.length === 0) throw new Error('wire-parser: empty binary frame');
    // A plain Uint8Array view (not a Buffer) so server and browser see the same type.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, view] });
  }
}

/** Pass as `parser` to both `new Server(http, { parser: wireParser })` and `io(url, { parser: wireParser })`. */
export const wireParser = {
  protocol,
  PacketType,
  Encoder: WireEncoder,
  Decoder: WireDecoder,
} as const;
