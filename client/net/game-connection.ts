/**
 * GameConnection wires the socket's events to the connection's parts and holds what its user
 * reads: the welcome and roster, the session's fate (kicked, expired, refused), byte counts
 * and the transit hook. The parts: socket setup (game-socket.ts), join and
 * resume (join-requests.ts), binary messages both ways (binary-channel.ts), snapshot intake
 * (snapshot-intake.ts), inputs out (input-sender.ts), RTT pings (rtt-probe.ts); types in
 * connection-options.ts and connection-events.ts.
 */
import type { Socket } from 'socket.io-client';
import {
  ControlEvent,
  type ErrorMessage,
  type Conditions,
  type KickedMessage,
  type NetworkConditionsMessage,
  type RosterMessage,
  type WelcomeMessage,
} from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BinaryChannel } from './binary-channel';
import { JoinRefusedError, type ConnectionEvents } from './connection-events';
import type { GameConnectionOptions } from './connection-options';
import { createGameSocket } from './game-socket';
import { readConditions } from './imposed-conditions';
import { InputSender } from './input-sender';
import { JoinRequests, resumePayload } from './join-requests';
import { Listeners } from './listeners';
import type { MessageTransit } from './message-transit';
import { RttProbe } from './rtt-probe';
import { SnapshotIntake } from './snapshot-intake';
import type { SnapshotReplica } from './snapshot-replica';
import { WireMeter } from './wire-meter';

// The connection's public shapes stay importable from here, where their users look for them.
export { JoinRefusedError, type ConnectionEvents } from './connection-events';
export type { GameConnectionOptions } from './connection-options';

/** How long leave() waits for the server's acknowledgement before closing anyway. */
const LEAVE_ACK_TIMEOUT_MS = 1000;

/**
 * The client's side of the wire, shared by the browser and the Node bots: joins, sends
 * inputs, decodes snapshots into `decoder.state`, resumes after a drop, measures RTT and
 * bytes. No rendering and no browser-only APIs here.
 */
export class GameConnection extends Listeners<ConnectionEvents> {
  readonly socket: Socket;
  welcome: WelcomeMessage | null = null;
  roster: RosterMessage = { players: [] };
  /** Payload bytes of binary and control messages, each way. */
  bytesIn = 0;
  bytesOut = 0;
  /** Set once the server said it is going away, or refused us for good. */
  closedReason: string | null = null;
  /** Frames and bytes as they arrive on the WebSocket (all messages, framing included). */
  readonly wire: WireMeter;
  /** What the teacher put on this connection, as the server last said (null: nothing). */
  imposedConditions: Conditions | null = null;
  private readonly inputs: InputSender;
  private readonly rtt: RttProbe;
  private readonly binary: BinaryChannel;
  private readonly joins: JoinRequests;
  private readonly intake: SnapshotIntake;

  constructor(private readonly options: GameConnectionOptions) {
    super();
    const nowMs = options.nowMs ?? (() => performance.now());
    this.rtt = new RttProbe(
      (bytes) => {
        if (this.socket.connected) this.binary.send('ping', bytes);
      },
      nowMs,
      options.pingIntervalMs ?? 1000,
      (rttMs) => this.emit('pong', rttMs),
    );
    this.socket = createGameSocket(options);
    this.binary = new BinaryChannel({
      socket: this.socket,
      countIn: (bytes) => {
        this.bytesIn += bytes;
      },
      countOut: (bytes) => {
        this.bytesOut += bytes;
      },
      onSnapshot: (bytes) => this.intake.apply(bytes),
      onPong: (bytes) => this.rtt.onPong(bytes),
    });
    this.inputs = new InputSender(() => this.socket.connected, (bytes) => this.binary.send('input', bytes));
    this.joins = new JoinRequests(this.socket, (event, payload) => this.sendControl(event, payload));
    this.intake = new SnapshotIntake({
      socket: this.socket,
      nowMs,
      replicaFor: options.replicaFor,
      onApplied: (keyframe) => this.emit('snapshot', keyframe),
    });
    this.wire = new WireMeter(this.socket.io, (bytes) => {
      this.bytesIn += bytes;
    });
    this.socket.on(JSON_STATE_EVENT, (json: unknown) => this.intake.applyJson(json));
    this.socket.on(ControlEvent.Welcome, (welcome: WelcomeMessage) => this.onWelcome(welcome));
    this.socket.on(ControlEvent.Roster, (roster: RosterMessage) => {
      this.roster = roster;
      this.emit('roster', roster);
    });
    this.socket.on(ControlEvent.Error, (error: ErrorMessage) => this.onError(error));
    this.socket.on(ControlEvent.Kicked, (kicked: KickedMessage) => {
      if (this.welcome === null || kicked.playerId !== this.welcome.playerId) return;
      // Removed by the teacher: do not come back by reconnecting.
      this.closedReason = ErrorCode.KICKED;
      this.welcome = null;
      this.socket.io.reconnection(false);
      this.emit('error', { code: ErrorCode.KICKED, message: kicked.message });
    });
    this.socket.on(ControlEvent.Conditions, (message: NetworkConditionsMessage) => {
      const imposed = readConditions(message);
      if (imposed === undefined) return;
      this.imposedConditions = imposed;
      this.emit('conditions', imposed);
    });
    this.socket.on(ControlEvent.Shutdown, (message: { message: string }) => {
      this.emit('shutdown', message.message);
    });
    this.socket.on('connect', () => {
      // A reconnect: the server kept our scooter for the grace period; pick it up again.
      if (this.welcome !== null && !this.joins.underWay) this.joins.send(resumePayload(this.welcome.resumeToken));
    });
    this.socket.on('disconnect', (reason: string) => this.emit('connectionLost', reason));
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      // Refused at the handshake for good (another protocol version or wire format): retrying is pointless.
      const code = error.data?.code;
      if (code === ErrorCode.VERSION_MISMATCH || code === ErrorCode.WIRE_FORMAT_MISMATCH) {
        this.closedReason = code;
        this.socket.io.reconnection(false);
        this.joins.fail(new JoinRefusedError(code, error.message));
        this.emit('error', { code, message: error.message });
      }
    });
    this.socket.io.on('reconnect_attempt', (attempt: number) => this.emit('reconnecting', attempt));
  }

  /** Optional hook on binary messages both ways (client/net/lag-simulator.ts); null = direct. */
  get transit(): MessageTransit | null {
    return this.binary.transit;
  }

  set transit(transit: MessageTransit | null) {
    this.binary.transit = transit;
  }

  /** The replica snapshots are applied to (a fresh one per welcome); null before the first. */
  get decoder(): SnapshotReplica | null {
    return this.intake.replica;
  }

  get snapshotsReceived(): number {
    return this.intake.snapshotsReceived;
  }

  get keyframesReceived(): number {
    return this.intake.keyframesReceived;
  }

  get decodeErrors(): number {
    return this.intake.decodeErrors;
  }

  /** Keyframe requests sent (join through another node, or a stream out of step). */
  get resyncsRequested(): number {
    return this.intake.resyncsRequested;
  }

  /** Smoothed round-trip time; NaN until the first pong. */
  get rttMs(): number {
    return this.rtt.rttMs;
  }

  get lastRttMs(): number {
    return this.rtt.lastRttMs;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get playerId(): number {
    return this.welcome?.playerId ?? -1;
  }

  /** Connects and joins a room by code; resolves with the welcome. */
  join(code: string, name: string): Promise<WelcomeMessage> {
    // `?room=CODE` on the handshake (and every reconnect) lets the balancer's room-affinity
    // strategy send us to the node that owns the room (docs/balancer.md, issue #6).
    this.socket.io.opts.query = { ...this.socket.io.opts.query, room: code };
    const device = this.options.deviceId;
    return this.joins.request({ v: PROTOCOL_VERSION, code, name, ...(device === undefined ? {} : { device }) });
  }

  /** Connects and resumes a session by its token (e.g. after a page reload). */
  resume(resumeToken: string): Promise<WelcomeMessage> {
    return this.joins.request(resumePayload(resumeToken));
  }

  /**
   * Sends the control word (buttons or a steer target, shared/sim/steering.ts) for server tick
   * `tick` (the tick clock's stamp, client/net/tick-clock.ts); returns the input's sequence
   * number. The server holds it until the next input.
   */
  sendInput(tick: number, control: number): number {
    return this.inputs.send(tick, control);
  }

  /**
   * Continues input numbering after `ackSeq` when it is behind: a fresh connection resuming a
   * session (page reload) must send seqs above what the server already applied.
   */
  continueSeqAfter(ackSeq: number): void {
    this.inputs.continueAfter(ackSeq);
  }

  ping(): void {
    this.rtt.ping();
  }

  /**
   * Leaves the room on purpose (the slot is freed) and closes the connection. Waits for the
   * server's acknowledgement (or 1 s): socket.io drops events still queued on a socket that
   * has already disconnected, so closing at once could lose the leave.
   */
  leave(): Promise<void> {
    if (!this.socket.connected) {
      this.close();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.close();
        resolve();
      };
      const timer = setTimeout(done, LEAVE_ACK_TIMEOUT_MS);
      this.socket.emit(ControlEvent.Leave, done);
    });
  }

  close(): void {
    this.rtt.stop();
    this.intake.stop();
    this.welcome = null;
    this.socket.io.reconnection(false);
    this.socket.disconnect();
    this.joins.fail(new Error('closed'));
  }

  /** Drops the transport without leaving, as a network fault would (tests, lessons). */
  dropTransport(): void {
    this.socket.io.engine?.close();
  }

  private sendControl(event: string, payload: object): void {
    const text = JSON.stringify(payload);
    this.bytesOut += text.length;
    this.socket.emit(event, payload);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    const resumed = this.welcome !== null && this.welcome.resumeToken === welcome.resumeToken;
    this.welcome = welcome;
    this.bytesIn += JSON.stringify(welcome).length;
    this.roster = { players: welcome.players.map((p) => ({ ...p, connected: true })) };
    this.intake.welcome(welcome);
    // Every welcome (a resume may land on another node) starts the RTT measurement afresh.
    this.rtt.start();
    this.joins.welcomed(welcome);
    if (resumed) this.emit('resumed', welcome);
    this.emit('welcome', welcome);
  }

  private onError(error: ErrorMessage): void {
    this.bytesIn += JSON.stringify(error).length;
    if (error.code === ErrorCode.TRY_AGAIN && this.joins.retry(this.welcome?.resumeToken ?? null)) {
      // The room's server is failing over to another node: ask again shortly.
      this.emit('error', error);
      return;
    }
    if (this.joins.underWay) {
      this.joins.fail(new JoinRefusedError(error.code, error.message));
    } else if (error.code === ErrorCode.SESSION_EXPIRED && this.welcome !== null) {
      // The grace period ran out (or the session moved on): nothing left to resume.
      this.welcome = null;
      this.socket.io.reconnection(false);
    }
    this.emit('error', error);
  }
}
