import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser';
import { WireDecoder, WireEncoder } from '../../shared/protocol/wire-parser';
import type { WireParserKind } from '../../shared/protocol/wire-parser-kind';

/** The event an unknown client event is renamed to, carrying the original name (cut to 32). */
export const UNKNOWN_EVENT = '$unknown';

type DecoderClass = new () => Decoder;

/** A decoder whose binary frames the gateway takes straight, without socket.io's dispatch. */
export interface BinaryFastPath {
  /** Set once the connection's socket exists; null until then (frames go the usual way). */
  binaryHandler: ((bytes: Uint8Array) => void) | null;
}

/** The decoder of a socket.io connection, if it is one of ours (socket.client.decoder). */
export function fastPathOf(client: unknown): BinaryFastPath | null {
  const decoder = typeof client === 'object' && client !== null ? (client as { decoder?: unknown }).decoder : undefined;
  return typeof decoder === 'object' && decoder !== null && 'binaryHandler' in decoder ? (decoder as BinaryFastPath) : null;
}

/**
 * The server's socket.io parser with an allow-list of client events. An EVENT whose name is not
 * on the list is delivered as UNKNOWN_EVENT instead, so the gateway counts it as a strike with
 * one listener and no catch-all: socket.io's onAny runs (and copies its listener list) for
 * every message, inputs included (issue #11). Only text packets (control messages, a few per
 * session) are looked at; binary frames, the hot path, pass straight through.
 */
function guarded(Base: DecoderClass, allowed: ReadonlySet<string>, fastBinary: boolean): DecoderClass {
  return class GuardedDecoder extends Base implements BinaryFastPath {
    /** Parses text packets first, to check their event name before socket.io sees them. */
    private readonly inner = new Decoder();
    private parsed: Packet | null = null;
    binaryHandler: ((bytes: Uint8Array) => void) | null = null;

    constructor() {
      super();
      this.inner.on('decoded', (packet: Packet) => {
        this.parsed = packet;
      });
    }

    override add(chunk: unknown): void {
      // Our parser's binary frame is the input message itself: handed to the gateway here, it
      // skips the packet object, socket.io's dispatch and its argument arrays (issue #11: 13 %
      // of the node's busy time at 200 players went to that dispatch alone).
      const handler = this.binaryHandler;
      if (fastBinary && handler !== null && chunk instanceof Uint8Array) {
        if (chunk.length === 0) throw new Error('wire-parser: empty binary frame');
        handler(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        return;
      }
      if (typeof chunk !== 'string' || (chunk[0] !== String(PacketType.EVENT) && chunk[0] !== String(PacketType.BINARY_EVENT))) {
        super.add(chunk);
        return;
      }
      if (chunk[0] === String(PacketType.BINARY_EVENT)) {
        // Binary attachments are refused by our parser and reassembled by the default one.
        super.add(chunk);
        return;
      }
      this.parsed = null;
      this.inner.add(chunk);
      const packet = this.parsed as Packet | null;
      if (packet === null) return;
      const data: unknown = packet.data;
      const name: unknown = Array.isArray(data) ? data[0] : undefined;
      if (typeof name !== 'string' || !allowed.has(name)) {
        packet.data = [UNKNOWN_EVENT, String(name).slice(0, 32)];
      }
      this.emitReserved('decoded', packet);
    }
  };
}

/** The `parser` option of the server: the wire format chosen at start, guarding event names. */
export function serverParser(kind: WireParserKind, allowedEvents: readonly string[]) {
  const allowed = new Set(allowedEvents);
  return {
    protocol,
    PacketType,
    Encoder: kind === 'custom' ? WireEncoder : Encoder,
    // The default parser's binary packets come in two frames: they keep socket.io's path.
    Decoder: guarded(kind === 'custom' ? WireDecoder : Decoder, allowed, kind === 'custom'),
  };
}
