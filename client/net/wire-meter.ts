import type { Manager } from 'socket.io-client';

/** A JSON-baseline state message as engine.io hands it over: socket.io's `2["state",...` text. */
const STATE_PACKET_PREFIX = '2["state",';

/** WebSocket frame header of a server->client (unmasked) frame carrying `payloadBytes` (RFC 6455 5.2). */
export function wsHeaderBytes(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/**
 * Counts what arrives on the wire below socket.io: every engine.io packet as one WebSocket
 * frame, its payload plus the engine.io type character of text packets plus the frame header.
 * (TCP/IP and TLS overhead are not counted.) This is what lets the load report compare the
 * binary codec, the JSON baseline and socket.io's default parser on the same scale.
 */
export class WireMeter {
  /** WebSocket frames received (snapshots, control messages, engine.io pings). */
  framesIn = 0;
  /** Bytes of those frames: header + engine.io packet. */
  wireBytesIn = 0;

  constructor(
    manager: Manager,
    /** Called with the text length of each JSON-baseline state message, for payload byte counts. */
    private readonly onStateText: (bytes: number) => void,
  ) {
    // The engine is replaced on every reconnect; count on each one.
    manager.on('open', () => manager.engine.on('packet', this.onPacket));
  }

  private readonly onPacket = (packet: { type: string; data?: unknown }): void => {
    const data = packet.data;
    let bytes: number;
    if (typeof data === 'string') {
      bytes = 1 + data.length; // ASCII in practice; player names may add a few multi-byte chars
      if (packet.type === 'message' && data.startsWith(STATE_PACKET_PREFIX)) this.onStateText(data.length);
    } else if (data instanceof ArrayBuffer) bytes = data.byteLength;
    else if (ArrayBuffer.isView(data)) bytes = data.byteLength;
    else bytes = 1;
    this.framesIn++;
    this.wireBytesIn += bytes + wsHeaderBytes(bytes);
  };
}
