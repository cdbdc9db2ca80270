import { io, type Socket } from 'socket.io-client';
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
import { encodeInput, INPUT_BYTES, type InputMessage } from '../../shared/protocol/input-codec';
import { MsgCode } from '../../shared/protocol/msg-code';
import { SnapshotDecoder } from '../../shared/protocol/snapshot-decoder';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import { handshakeAuth, parserOption, type WireParserKind } from '../../shared/protocol/wire-parser-kind';
import { applyJsonState, JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import { readConditions } from './imposed-conditions';
import { Listeners } from './listeners';
import { RttProbe } from './rtt-probe';
import { WireMeter } from './wire-meter';
import type { MessageTransit, OutgoingKind } from './message-transit';
import type { SnapshotReplica, SnapshotReplicaFactory } from './snapshot-replica';

export interface GameConnectionOptions {
  /** Server (or balancer) base URL, e.g. http://localhost:3000. */
  url: string;
  /** @default ['websocket'] */
  transports?: ('websocket' | 'polling')[];
  /** Reconnect and resume the session after a drop. @default true */
  reconnect?: boolean;
  /** Milliseconds between RTT pings. @default 1000 */
  pingIntervalMs?: number;
  /** Clock for RTT and echo timing. @default performance.now */
  nowMs?: () => number;
  /** Extra engine options (Node only), e.g. { localAddress } to pick the source address. */
  extraOptions?: Record<string, unknown>;
  /** socket.io parser; must match the server's WIRE_PARSER. @default 'custom' */
  wireParser?: WireParserKind;
  /** The browser's random id, sent with joins by code (JoinRequest.device). @default none */
  deviceId?: string;
  /**
   * Makes the replica each welcome's snapshots go to (bots share one decode per room).
   * @default a SnapshotDecoder of the connection's own
   */
  replicaFor?: SnapshotReplicaFactory;
}

export type ConnectionEvents = {
  welcome: [WelcomeMessage];
  /** A snapshot (delta or keyframe) was applied to `decoder.state`. */
  snapshot: [keyframe: boolean];
  roster: [RosterMessage];
  error: [ErrorMessage];
  connectionLost: [reason: string];
  reconnecting: [attempt: number];
  resumed: [WelcomeMessage];
  shutdown: [message: string];
  /** The teacher changed the network conditions on this connection (null: cleared). */
  conditions: [Conditions | null];
  pong: [rttMs: number];
};

/** A TRY_AGAIN (room failing over) is retried this often, this many times (~6 s in all). */
const JOIN_RETRY_DELAY_MS = 500;
const MAX_JOIN_RETRIES = 12;
/** Without a keyframe this long after a welcome, ask for one. */
const KEYFRAME_WAIT_MS = 1000;
const RESYNC_MIN_INTERVAL_MS = 2500;


export class JoinRefusedError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'JoinRefusedError';
  }
}

/**
 * The client's side of the wire, shared by the browser and the Node bots: joins, sends
 * inputs, decodes snapshots into `decoder.state`, resumes after a drop, measures RTT and
 * bytes. No rendering and no browser-only APIs here.
 */
export class GameConnection extends Listeners<ConnectionEvents> {
  readonly socket: Socket;
  decoder: SnapshotReplica | null = null;
  welcome: WelcomeMessage | null = null;
  roster: RosterMessage = { players: [] };
  /** Payload bytes of binary and control messages, each way. */
  bytesIn = 0;
  bytesOut = 0;
  snapshotsReceived = 0;
  keyframesReceived = 0;
  decodeErrors = 0;
  /** Set once the server said it is going away, or refused us for good. */
  closedReason: string | null = null;
  /** Frames and bytes as they arrive on the WebSocket (all messages, framing included). */
  readonly wire: WireMeter;
  /** Optional hook on binary messages both ways (client/net/lag-simulator.ts); null = direct. */
  transit: MessageTransit | null = null;

  /** What the teacher put on this connection, as the server last said (null: nothing). */
  imposedConditions: Conditions | null = null;
  /** Keyframe requests sent (join through another node, or a stream out of step). */
  resyncsRequested = 0;
  private nextSeq = 1;
  private lastJoinPayload: object | null = null;
  private joinRetries = 0;
  private lastResyncMs = Number.NEGATIVE_INFINITY;
  private keyframeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly inputBuffer = new Uint8Array(INPUT_BYTES);
  private readonly input: InputMessage = { seq: 0, tick: 0, control: 0 };
  private readonly nowMs: () => number;
  private readonly rtt: RttProbe;
  private pendingJoin: { resolve: (w: WelcomeMessage) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly options: GameConnectionOptions) {
    super();
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.rtt = new RttProbe(
      (bytes) => {
        if (this.socket.connected) this.sendBinary('ping', bytes);
      },
      this.nowMs,
      options.pingIntervalMs ?? 1000,
      (rttMs) => this.emit('pong', rttMs),
    );
    this.socket = io(options.url, {
      transports: options.transports ?? ['websocket'],
      ...parserOption(options.wireParser ?? 'custom'),
      auth: handshakeAuth(options.wireParser ?? 'custom'),
      reconnection: options.reconnect ?? true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      autoConnect: false,
      forceNew: true,
      ...(options.extraOptions ?? {}),
    });
    this.wire = new WireMeter(this.socket.io, (bytes) => {
      this.bytesIn += bytes;
    });
    this.socket.on(JSON_STATE_EVENT, (json: unknown) => this.onJsonState(json));
    this.socket.on(BINARY_EVENT, (received: Uint8Array | ArrayBuffer) => {
      // socket.io's default parser (WIRE_PARSER=default) hands browsers an ArrayBuffer.
      const bytes = received instanceof ArrayBuffer ? new Uint8Array(received) : received;
      if (this.transit === null) this.onBinary(bytes);
      else this.transit.incoming(bytes, this.deliverBinary);
    });
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
      if (this.welcome !== null && this.pendingJoin === null) {
        this.sendControl(ControlEvent.Join, { v: PROTOCOL_VERSION, resume: this.welcome.resumeToken });
      }
    });
    this.socket.on('disconnect', (reason: string) => this.emit('connectionLost', reason));
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      // Refused at the handshake for good (another protocol version or wire format): retrying is pointless.
      const code = error.data?.code;
      if (code === ErrorCode.VERSION_MISMATCH || code === ErrorCode.WIRE_FORMAT_MISMATCH) {
        this.closedReason = code;
        this.socket.io.reconnection(false);
        this.failPendingJoin(new JoinRefusedError(code, error.message));
        this.emit('error', { code, message: error.message });
      }
    });
    this.socket.io.on('reconnect_attempt', (attempt: number) => this.emit('reconnecting', attempt));
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
    return this.request(() => this.sendControl(ControlEvent.Join, { v: PROTOCOL_VERSION, code, name, ...(device === undefined ? {} : { device }) }));
  }

  /** Connects and resumes a session by its token (e.g. after a page reload). */
  resume(resumeToken: string): Promise<WelcomeMessage> {
    return this.request(() => this.sendControl(ControlEvent.Join, { v: PROTOCOL_VERSION, resume: resumeToken }));
  }

  /**
   * Sends the control word (buttons or a steer target, shared/sim/steering.ts) for server tick
   * `tick` (the tick clock's stamp, client/net/tick-clock.ts); returns the input's sequence
   * number. The server holds it until the next input.
   */
  sendInput(tick: number, control: number): number {
    const seq = this.nextSeq++;
    if (!this.socket.connected) return seq;
    const input = this.input;
    input.seq = seq;
    input.tick = tick;
    input.control = control;
    encodeInput(input, this.inputBuffer);
    // socket.io may hold the bytes until the frame is written: hand it its own copy.
    this.sendBinary('input', this.inputBuffer.slice());
    return seq;
  }

  /**
   * Continues input numbering after `ackSeq` when it is behind: a fresh connection resuming a
   * session (page reload) must send seqs above what the server already applied.
   */
  continueSeqAfter(ackSeq: number): void {
    if (this.nextSeq <= ackSeq) this.nextSeq = ackSeq + 1;
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
      const timer = setTimeout(done, 1000);
      this.socket.emit(ControlEvent.Leave, done);
    });
  }

  close(): void {
    this.rtt.stop();
    if (this.keyframeTimer !== null) clearTimeout(this.keyframeTimer);
    this.keyframeTimer = null;
    this.welcome = null;
    this.socket.io.reconnection(false);
    this.socket.disconnect();
    this.failPendingJoin(new Error('closed'));
  }

  /** Drops the transport without leaving, as a network fault would (tests, lessons). */
  dropTransport(): void {
    this.socket.io.engine?.close();
  }

  /** Retries the last join or resume after a TRY_AGAIN; false once the retries are used up. */
  private retryJoin(): boolean {
    const payload = this.pendingJoin !== null ? this.lastJoinPayload : this.welcome !== null ? { v: PROTOCOL_VERSION, resume: this.welcome.resumeToken } : null;
    if (payload === null || this.joinRetries >= MAX_JOIN_RETRIES) return false;
    this.joinRetries++;
    setTimeout(() => {
      if (this.socket.connected) this.sendControl(ControlEvent.Join, payload);
    }, JOIN_RETRY_DELAY_MS);
    return true;
  }

  /** Asks for a keyframe when the snapshot stream is out of step (at most every few seconds). */
  private requestResync(): void {
    const now = this.nowMs();
    if (!this.socket.connected || now - this.lastResyncMs < RESYNC_MIN_INTERVAL_MS) return;
    this.lastResyncMs = now;
    this.resyncsRequested++;
    this.socket.emit(ControlEvent.Resync);
  }

  private request(send: () => void): Promise<WelcomeMessage> {
    if (this.pendingJoin !== null) return Promise.reject(new Error('A join is already under way.'));
    return new Promise<WelcomeMessage>((resolve, reject) => {
      this.pendingJoin = { resolve, reject };
      if (this.socket.connected) send();
      else {
        this.socket.once('connect', send);
        this.socket.connect();
      }
    });
  }

  private sendControl(event: string, payload: object): void {
    if (event === ControlEvent.Join) this.lastJoinPayload = payload;
    const text = JSON.stringify(payload);
    this.bytesOut += text.length;
    this.socket.emit(event, payload);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    const resumed = this.welcome !== null && this.welcome.resumeToken === welcome.resumeToken;
    this.welcome = welcome;
    this.bytesIn += JSON.stringify(welcome).length;
    this.roster = { players: welcome.players.map((p) => ({ ...p, connected: true })) };
    // A fresh decoder: the keyframe that follows the welcome is the new baseline.
    this.decoder = this.options.replicaFor?.(welcome) ?? new SnapshotDecoder(welcome.maxPlayers, welcome.houseCount);
    this.joinRetries = 0;
    // Through another node than the room's owner, the keyframe comes with the room's next
    // broadcast; if it got lost on the way (a subscription race), ask for another.
    if (this.keyframeTimer !== null) clearTimeout(this.keyframeTimer);
    const decoder = this.decoder;
    this.keyframeTimer = setTimeout(() => {
      this.keyframeTimer = null;
      if (this.decoder === decoder && !decoder.synced && welcome.snapshotCodec !== 'json') this.requestResync();
    }, KEYFRAME_WAIT_MS);
    // Every welcome (a resume may land on another node) starts the RTT measurement afresh.
    this.rtt.start();
    const pending = this.pendingJoin;
    this.pendingJoin = null;
    pending?.resolve(welcome);
    if (resumed) this.emit('resumed', welcome);
    this.emit('welcome', welcome);
  }

  private onError(error: ErrorMessage): void {
    this.bytesIn += JSON.stringify(error).length;
    if (error.code === ErrorCode.TRY_AGAIN && this.retryJoin()) {
      // The room's server is failing over to another node: ask again shortly.
      this.emit('error', error);
      return;
    }
    if (this.pendingJoin !== null) {
      this.failPendingJoin(new JoinRefusedError(error.code, error.message));
    } else if (error.code === ErrorCode.SESSION_EXPIRED && this.welcome !== null) {
      // The grace period ran out (or the session moved on): nothing left to resume.
      this.welcome = null;
      this.socket.io.reconnection(false);
    }
    this.emit('error', error);
  }

  private failPendingJoin(error: Error): void {
    const pending = this.pendingJoin;
    this.pendingJoin = null;
    pending?.reject(error);
  }

  private sendBinary(kind: OutgoingKind, bytes: Uint8Array): void {
    if (this.transit === null) this.emitBinary(bytes);
    else this.transit.outgoing(kind, bytes, this.emitBinary);
  }

  /** Bound once: the transit calls it later, maybe after the socket dropped. */
  private readonly emitBinary = (bytes: Uint8Array): void => {
    if (!this.socket.connected) return;
    this.socket.emit(BINARY_EVENT, bytes);
    this.bytesOut += bytes.length;
  };

  private readonly deliverBinary = (bytes: Uint8Array): void => this.onBinary(bytes);

  private onBinary(bytes: Uint8Array): void {
    this.bytesIn += bytes.length;
    const code = bytes[0];
    if (code === MsgCode.Snapshot || code === MsgCode.Keyframe) {
      if (this.decoder === null) return;
      const result = this.decoder.apply(bytes);
      if (!result.ok) {
        // Deltas before the first keyframe are expected after a join through another node.
        if (result.code === ErrorCode.PROTO_NO_KEYFRAME) return;
        this.decodeErrors++;
        this.requestResync();
        return;
      }
      this.snapshotsReceived++;
      if (result.keyframe) this.keyframesReceived++;
      this.emit('snapshot', result.keyframe);
    } else if (code === MsgCode.Ping) {
      // The server measures our RTT with its own pings (the teacher's roster shows it).
      const echo = bytes.slice();
      echo[0] = MsgCode.Pong;
      this.sendBinary('ping', echo);
    } else if (code === MsgCode.Pong) {
      this.rtt.onPong(bytes);
    }
  }

  /** SNAPSHOT_CODEC=json: the whole state as JSON, written into the same replica. */
  private onJsonState(json: unknown): void {
    if (this.decoder === null) return;
    if (!applyJsonState(json, this.decoder.state)) {
      this.decodeErrors++;
      return;
    }
    this.snapshotsReceived++;
    // Every JSON state is complete, like a keyframe.
    this.keyframesReceived++;
    this.emit('snapshot', true);
  }
}

