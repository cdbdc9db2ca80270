import type { Server, Socket } from 'socket.io';
import { ControlEvent, type ShutdownMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { WireParserKind } from '../../shared/protocol/wire-parser-kind';
import type { Logger } from '../logger';
import type { NodeStats } from '../node-stats';
import { Admission } from './admission';
import { ClientState, CONTROL_MESSAGES_PER_SECOND_MAX } from './client-state';
import { takeBinaryMessages, type EngineConnection } from './direct-websocket';
import { fastPathOf, UNKNOWN_EVENT } from './event-guard-parser';
import type { InputIntake } from './input-intake';
import type { JoinFlow } from './join-flow';
import { SocketLink } from './socket-link';
import type { StrikePolicy } from './strike-policy';
import type { WatchFlow } from './watch-flow';

/** The control events a client may send; anything else arrives as UNKNOWN_EVENT (a strike). */
export const CLIENT_EVENTS: readonly string[] = [BINARY_EVENT, ControlEvent.Join, ControlEvent.Leave, ControlEvent.Resync, ControlEvent.Watch];

export interface GatewayDeps {
  io: Server;
  admission: Admission;
  joins: JoinFlow;
  /** Spectators (issue 14): connections that watch a room without a seat. */
  watches: WatchFlow;
  inputs: InputIntake;
  strikes: StrikePolicy;
  stats: NodeStats;
  log: Logger;
  inputsPerSecondMax: number;
  wireParser: WireParserKind;
  /** A connection that has not taken a seat this long after connecting is closed. */
  unjoinedTimeoutMs: number;
  nowMs: () => number;
}

/**
 * The socket edge: who may connect (Admission), then one listener per client event, each
 * handing a validated call to its module: joins and leaves to JoinFlow, binary messages to
 * InputIntake, bad messages to StrikePolicy. Nothing past here sees a socket.
 */
export class Gateway {
  private readonly clients = new Set<ClientState>();

  constructor(private readonly deps: GatewayDeps) {}

  attach(): void {
    const { io } = this.deps;
    io.use((socket, next) => {
      const error = Admission.handshakeError(socket.handshake.auth, this.deps.wireParser);
      if (error !== null) this.deps.stats.handshakesRefused++;
      next(error ?? undefined);
    });
    io.on('connection', (socket) => this.onConnection(socket));
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Tells every client the node is going away; io.close() then closes the transports. */
  async shutdown(message: string): Promise<void> {
    this.deps.io.emit(ControlEvent.Shutdown, { message } satisfies ShutdownMessage);
    // Give the goodbye a moment to reach the sockets before they are closed. io.close() then
    // closes the transports without a socket.io disconnect, so clients reconnect on their own
    // (to this node when it comes back, or through the balancer to another).
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private onConnection(socket: Socket): void {
    const { joins, inputs, strikes, admission, nowMs } = this.deps;
    const client = new ClientState(socket, new SocketLink(socket), this.deps.inputsPerSecondMax, nowMs());
    client.handleBinary = (bytes) => inputs.handle(client, bytes);
    this.clients.add(client);
    const release = admission.opened(admission.addressOf(socket.request));
    // A socket that never joins would hold its place forever (issue #13).
    const idle = setTimeout(() => {
      if (client.seat !== null || client.joining || client.watching !== null || !socket.connected) return;
      this.deps.stats.idleConnectionsClosed++;
      strikes.refuse(client, ErrorCode.BAD_REQUEST, `No room joined within ${Math.round(this.deps.unjoinedTimeoutMs / 1000)} s; closing.`);
      socket.disconnect(true);
    }, this.deps.unjoinedTimeoutMs);
    idle.unref();

    // Our parser's binary frames reach the intake straight from the WebSocket, or else (long
    // polling) from the decoder; the listener serves socket.io's default parser
    // (WIRE_PARSER=default), whose binary messages take two frames.
    const receive = (bytes: Uint8Array) => inputs.receive(client, bytes);
    const fastPath = this.deps.wireParser === 'custom' ? fastPathOf(socket.client) : null;
    if (fastPath !== null && !takeBinaryMessages(socket.conn as unknown as EngineConnection, receive)) fastPath.binaryHandler = receive;
    socket.on(BINARY_EVENT, (bytes: unknown) => inputs.receive(client, bytes));
    socket.on(ControlEvent.Join, (payload: unknown) => {
      if (!this.allowControl(client)) return;
      joins.join(client, payload).catch((error: unknown) => {
        client.joining = false;
        this.deps.log.error({ err: error, socket: socket.id }, 'join failed');
        strikes.refuse(client, ErrorCode.TRY_AGAIN, 'The server could not complete the join; try again.');
      });
    });
    socket.on(ControlEvent.Leave, (ack?: unknown) => {
      // Over the limit: dropped without an ack, so a flood of leave-with-ack gets nothing back.
      if (!this.allowControl(client)) return;
      joins.leave(client);
      if (typeof ack === 'function') (ack as () => void)();
    });
    socket.on(ControlEvent.Resync, () => {
      if (this.allowControl(client)) joins.resync(client);
    });
    socket.on(ControlEvent.Watch, (payload: unknown) => {
      if (!this.allowControl(client)) return;
      this.deps.watches.watch(client, payload).catch((error: unknown) => {
        this.deps.log.error({ err: error, socket: socket.id }, 'watch failed');
        strikes.refuse(client, ErrorCode.TRY_AGAIN, 'The server could not start watching; try again.');
      });
    });
    socket.on(UNKNOWN_EVENT, (name: unknown) => strikes.reject(client, ErrorCode.BAD_REQUEST, `Unknown event "${String(name)}".`));
    socket.on('disconnect', (reason: string) => {
      if (fastPath !== null) fastPath.binaryHandler = null;
      clearTimeout(idle);
      release();
      this.clients.delete(client);
      joins.disconnected(client, reason);
      this.deps.watches.disconnected(client);
    });
  }

  /**
   * Control messages (join, leave, resync) have their own per-socket budget; over it, the
   * message is dropped and counts as a strike, so a flood ends in a cut-off. Checked in those
   * handlers only: inputs, the per-message hot path, never pay for it.
   */
  private allowControl(client: ClientState): boolean {
    if (client.controlBucket.take(this.deps.nowMs())) return true;
    this.deps.strikes.reject(client, ErrorCode.RATE_LIMITED, `More than ${CONTROL_MESSAGES_PER_SECOND_MAX} control messages per second.`);
    return false;
  }
}
