/**
 * A GameConnection's binary messages, both ways: out through the optional transit (the lag
 * simulator) or straight onto the socket, in the same way, then dispatched by message code —
 * snapshots to the intake, the server's pings echoed, our pongs to the RTT probe.
 */
import type { Socket } from 'socket.io-client';
import { MsgCode } from '../../shared/protocol/msg-code';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { MessageTransit, OutgoingKind } from './message-transit';

export interface BinaryChannelDeps {
  socket: Socket;
  /** Payload bytes of each binary message received and sent. */
  countIn: (bytes: number) => void;
  countOut: (bytes: number) => void;
  onSnapshot: (bytes: Uint8Array) => void;
  onPong: (bytes: Uint8Array) => void;
}

export class BinaryChannel {
  /** Optional hook on binary messages both ways (client/net/lag-simulator.ts); null = direct. */
  transit: MessageTransit | null = null;

  constructor(private readonly deps: BinaryChannelDeps) {
    deps.socket.on(BINARY_EVENT, (received: Uint8Array | ArrayBuffer) => {
      // socket.io's default parser (WIRE_PARSER=default) hands browsers an ArrayBuffer.
      const bytes = received instanceof ArrayBuffer ? new Uint8Array(received) : received;
      if (this.transit === null) this.onReceived(bytes);
      else this.transit.incoming(bytes, this.deliver);
    });
  }

  send(kind: OutgoingKind, bytes: Uint8Array): void {
    if (this.transit === null) this.emit(bytes);
    else this.transit.outgoing(kind, bytes, this.emit);
  }

  /** Bound once: the transit calls it later, maybe after the socket dropped. */
  private readonly emit = (bytes: Uint8Array): void => {
    const socket = this.deps.socket;
    if (!socket.connected) return;
    socket.emit(BINARY_EVENT, bytes);
    this.deps.countOut(bytes.length);
  };

  private readonly deliver = (bytes: Uint8Array): void => this.onReceived(bytes);

  private onReceived(bytes: Uint8Array): void {
    this.deps.countIn(bytes.length);
    const code = bytes[0];
    if (code === MsgCode.Snapshot || code === MsgCode.Keyframe) {
      this.deps.onSnapshot(bytes);
    } else if (code === MsgCode.Ping) {
      // The server measures our RTT with its own pings (the teacher's roster shows it).
      const echo = bytes.slice();
      echo[0] = MsgCode.Pong;
      this.send('ping', echo);
    } else if (code === MsgCode.Pong) {
      this.deps.onPong(bytes);
    }
  }
}
