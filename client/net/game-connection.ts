import { io, type Socket } from 'socket.io-client';
import {
  ControlEvent,
  type ErrorMessage,
  type RosterMessage,
  type WelcomeMessage,
} from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { encodeInput, INPUT_BYTES } from '../../shared/protocol/input-codec';
import { MsgCode } from '../../shared/protocol/msg-code';
import { decodePong, encodePing } from '../../shared/protocol/ping-codec';
import { SnapshotDecoder } from '../../shared/protocol/snapshot-decoder';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT, wireParser } from '../../shared/protocol/wire-parser';
import { Listeners } from './listeners';

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
  pong: [rttMs: number];
};

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
  decoder: SnapshotDecoder | null = null;
  welcome: WelcomeMessage | null = null;
  roster: RosterMessage = { players: [] };
  /** Smoothed round-trip time; NaN until the first pong. */
  rttMs = Number.NaN;
  lastRttMs = Number.NaN;
  /** Payload bytes of binary and control messages, each way. */
  bytesIn = 0;
  bytesOut = 0;
  snapshotsReceived = 0;
  keyframesReceived = 0;
  decodeErrors = 0;
  /** Set once the server said it is going away, or refused us for good. */
  closedReason: string | null = null;

  private nextSeq = 1;
  private readonly inputBuffer = new Uint8Array(INPUT_BYTES);
  private readonly nowMs: () => number;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pendingJoin: { resolve: (w: WelcomeMessage) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly options: GameConnectionOptions) {
    super();
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.socket = io(options.url, {
      transports: options.transports ?? ['websocket'],
      parser: wireParser,
      auth: { v: PROTOCOL_VERSION },
      reconnection: options.reconnect ?? true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      autoConnect: false,
      forceNew: true,
      ...(options.extraOptions ?? {}),
    });
    this.socket.on(BINARY_EVENT, (bytes: Uint8Array) => this.onBinary(bytes));
    this.socket.on(ControlEvent.Welcome, (welcome: WelcomeMessage) => this.onWelcome(welcome));
    this.socket.on(ControlEvent.Roster, (roster: RosterMessage) => {
      this.roster = roster;
      this.emit('roster', roster);
    });
    this.socket.on(ControlEvent.Error, (error: ErrorMessage) => this.onError(error));
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
      if (error.data?.code === ErrorCode.VERSION_MISMATCH) {
        this.closedReason = ErrorCode.VERSION_MISMATCH;
        this.socket.io.reconnection(false);
        this.failPendingJoin(new JoinRefusedError(ErrorCode.VERSION_MISMATCH, error.message));
        this.emit('error', { code: ErrorCode.VERSION_MISMATCH, message: error.message });
      }
    });
    this.socket.io.on('reconnect_attempt', (attempt: number) => this.emit('reconnecting', attempt));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get playerId(): number {
    return this.welcome?.playerId ?? -1;
  }

  /** Connects and joins a room by code; resolves with the welcome. */
  join(code: string, name: string): Promise<WelcomeMessage> {
    return this.request(() => this.sendControl(ControlEvent.Join, { v: PROTOCOL_VERSION, code, name }));
  }

  /** Connects and resumes a session by its token (e.g. after a page reload). */
  resume(resumeToken: string): Promise<WelcomeMessage> {
    return this.request(() => this.sendControl(ControlEvent.Join, { v: PROTOCOL_VERSION, resume: resumeToken }));
  }

  /** Sends one tick of input; returns its sequence number. */
  sendInput(buttons: number): number {
    const seq = this.nextSeq++;
    if (!this.socket.connected) return seq;
    encodeInput(seq, buttons, this.inputBuffer);
    // socket.io may hold the bytes until the frame is written: hand it its own copy.
    this.socket.emit(BINARY_EVENT, this.inputBuffer.slice());
    this.bytesOut += INPUT_BYTES;
    return seq;
  }

  ping(): void {
    if (!this.socket.connected) return;
    const bytes = encodePing(this.nowMs());
    this.socket.emit(BINARY_EVENT, bytes);
    this.bytesOut += bytes.length;
  }

  /** Leaves the room on purpose (the slot is freed) and closes the connection. */
  leave(): void {
    if (this.socket.connected) this.socket.emit(ControlEvent.Leave);
    this.close();
  }

  close(): void {
    this.stopPinging();
    this.welcome = null;
    this.socket.io.reconnection(false);
    this.socket.disconnect();
    this.failPendingJoin(new Error('closed'));
  }

  /** Drops the transport without leaving, as a network fault would (tests, lessons). */
  dropTransport(): void {
    this.socket.io.engine?.close();
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
    this.decoder = new SnapshotDecoder(welcome.maxPlayers, welcome.houseCount);
    this.startPinging();
    const pending = this.pendingJoin;
    this.pendingJoin = null;
    pending?.resolve(welcome);
    if (resumed) this.emit('resumed', welcome);
    this.emit('welcome', welcome);
  }

  private onError(error: ErrorMessage): void {
    this.bytesIn += JSON.stringify(error).length;
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

  private onBinary(bytes: Uint8Array): void {
    this.bytesIn += bytes.length;
    const code = bytes[0];
    if (code === MsgCode.Snapshot || code === MsgCode.Keyframe) {
      if (this.decoder === null) return;
      const result = this.decoder.apply(bytes);
      if (!result.ok) {
        this.decodeErrors++;
        return;
      }
      this.snapshotsReceived++;
      if (result.keyframe) this.keyframesReceived++;
      this.emit('snapshot', result.keyframe);
    } else if (code === MsgCode.Pong) {
      const pong = decodePong(bytes);
      if (!pong.ok) return;
      const rtt = this.nowMs() - pong.value;
      this.lastRttMs = rtt;
      this.rttMs = Number.isNaN(this.rttMs) ? rtt : this.rttMs * 0.8 + rtt * 0.2;
      this.emit('pong', rtt);
    }
  }

  private startPinging(): void {
    if (this.pingTimer !== null) return;
    this.ping();
    this.pingTimer = setInterval(() => this.ping(), this.options.pingIntervalMs ?? 1000);
  }

  private stopPinging(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
