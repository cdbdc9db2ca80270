import type { Socket } from 'socket.io';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { OutgoingSnapshot, PlayerLink } from '../seats/player-link';
import { directSocket, type EngineConnection } from './direct-websocket';


/**
 * A player's connection over socket.io. Control and single binary messages take socket.io's
 * emit; the room snapshot, encoded once per room per tick, goes straight to the TCP socket as
 * its pre-built WebSocket bytes when nothing is queued ahead (direct-websocket.ts), and else to
 * the engine.io connection as the packets socket.io would have produced (what its own broadcast
 * does after encoding), which keeps long-polling and every ordering rule of engine.io.
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

  /** Snapshots written straight to the socket, and through engine.io (tests, metrics). */
  directWrites = 0;
  engineWrites = 0;

  sendSnapshot(snapshot: OutgoingSnapshot): void {
    const raw = directSocket(this.conn);
    if (raw !== null) {
      raw.write(snapshot.wsBytes);
      this.directWrites++;
      return;
    }
    const { packets, options } = snapshot;
    for (let i = 0; i < packets.length; i++) this.conn.write(packets[i], options[i]);
    this.engineWrites++;
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
