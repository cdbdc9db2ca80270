import type { Socket } from 'socket.io';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { OutgoingSnapshot, PlayerLink } from '../seats/player-link';

/** The part of engine.io's Socket (socket.conn) the snapshot path writes to. */
interface EngineConnection {
  write(data: string | Buffer, options?: object): void;
  close(): void;
}

/**
 * A player's connection over socket.io. Control and single binary messages take socket.io's
 * emit; the room snapshot, encoded once per room per tick, is written straight to the
 * engine.io connection as the packets socket.io would have produced (what its own broadcast
 * does after encoding), so each socket costs one engine.io write and, on WebSocket, one
 * write() of the shared pre-built frame.
 */
export class SocketLink implements PlayerLink {
  readonly id: string;
  readonly address: string;
  private readonly conn: EngineConnection;

  constructor(private readonly socket: Socket) {
    this.id = socket.id;
    this.address = socket.handshake.address;
    this.conn = socket.conn as unknown as EngineConnection;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  sendControl(event: string, payload: unknown): void {
    this.socket.emit(event, payload);
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.emit(BINARY_EVENT, bytes);
  }

  sendSnapshot(snapshot: OutgoingSnapshot): void {
    const { packets, options } = snapshot;
    for (let i = 0; i < packets.length; i++) this.conn.write(packets[i], options[i]);
  }

  receive(bytes: Uint8Array, handle: (bytes: Uint8Array) => void): void {
    handle(bytes);
  }

  subscribe(channel: string): void {
    void this.socket.join(channel);
  }

  unsubscribe(channel: string): void {
    void this.socket.leave(channel);
  }

  dropTransport(): void {
    // Closing the transport (not a socket.io disconnect) makes the client reconnect by itself.
    this.conn.close();
  }

  disconnect(): void {
    this.socket.disconnect(true);
  }
}
