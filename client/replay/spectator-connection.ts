import { io, type Socket } from 'socket.io-client';
import { ControlEvent, type ErrorMessage, type RosterMessage, type WatchingMessage } from '../../shared/protocol/control-messages';
import { JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import { MsgCode } from '../../shared/protocol/msg-code';
import { SnapshotDecoder } from '../../shared/protocol/snapshot-decoder';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import { handshakeAuth, parserOption, type WireParserKind } from '../../shared/protocol/wire-parser-kind';
import { Listeners } from '../net/listeners';
import { ServerClock } from '../net/server-clock';
import { SnapshotBuffer } from '../net/snapshot-buffer';

export interface SpectatorOptions {
  /** Server (or balancer) base URL. */
  url: string;
  /** @default 'custom' */
  wireParser?: WireParserKind;
  /** @default performance.now */
  nowMs?: () => number;
}

export type SpectatorEvents = {
  watching: [WatchingMessage];
  snapshot: [];
  roster: [RosterMessage];
  error: [ErrorMessage];
  connectionLost: [reason: string];
};

/**
 * A connection that watches a room live without a seat (the projector, issue 14): it sends one
 * `watch` with the room's teacher token, then only receives — the room's broadcast, the same
 * bytes its players get, decoded into `decoder.state` and kept in a snapshot buffer on the
 * server's timeline for interpolation, exactly as a player's client keeps the others. It sends
 * no inputs and holds no slot. After a drop, socket.io reconnects and the watch is sent again.
 * No browser-only APIs: the server's tests use it as the spectator.
 */
export class SpectatorConnection extends Listeners<SpectatorEvents> {
  readonly socket: Socket;
  decoder: SnapshotDecoder | null = null;
  buffer: SnapshotBuffer | null = null;
  clock: ServerClock | null = null;
  watching: WatchingMessage | null = null;
  /** Display names by slot (plain text). */
  readonly names: string[] = [];
  snapshots = 0;
  decodeErrors = 0;
  private request: { code: string; token: string } | null = null;
  private pending: { resolve: (w: WatchingMessage) => void; reject: (e: Error) => void } | null = null;
  private readonly nowMs: () => number;

  constructor(options: SpectatorOptions) {
    super();
    this.nowMs = options.nowMs ?? (() => performance.now());
    const wireParser = options.wireParser ?? 'custom';
    this.socket = io(options.url, {
      transports: ['websocket'],
      ...parserOption(wireParser),
      auth: handshakeAuth(wireParser),
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      autoConnect: false,
      forceNew: true,
    });
    this.socket.on('connect', () => {
      if (this.request !== null) this.socket.emit(ControlEvent.Watch, { v: PROTOCOL_VERSION, ...this.request });
    });
    this.socket.on('disconnect', (reason: string) => this.emit('connectionLost', reason));
    this.socket.on(ControlEvent.Watching, (message: WatchingMessage) => this.onWatching(message));
    this.socket.on(ControlEvent.Roster, (roster: RosterMessage) => {
      this.names.length = 0;
      for (const p of roster.players) this.names[p.id] = p.name;
      this.emit('roster', roster);
    });
    this.socket.on(ControlEvent.Error, (error: ErrorMessage) => {
      const pending = this.pending;
      this.pending = null;
      pending?.reject(Object.assign(new Error(error.message), { code: error.code }));
      this.emit('error', error);
    });
    this.socket.on(BINARY_EVENT, (received: Uint8Array | ArrayBuffer) => this.onBinary(received instanceof ArrayBuffer ? new Uint8Array(received) : received));
    this.socket.on(JSON_STATE_EVENT, (json: unknown) => {
      if (this.decoder !== null && this.decoder.applyJson(json)) this.onState();
    });
  }

  /** Watches a room; resolves with what the server says about it. */
  watch(code: string, token: string): Promise<WatchingMessage> {
    this.request = { code, token };
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      if (this.socket.connected) this.socket.emit(ControlEvent.Watch, { v: PROTOCOL_VERSION, code, token });
      else this.socket.connect();
    });
  }

  close(): void {
    this.request = null;
    this.socket.io.reconnection(false);
    this.socket.disconnect();
  }

  nameOf(slot: number): string {
    return this.names[slot] ?? '';
  }

  private onWatching(message: WatchingMessage): void {
    this.watching = message;
    this.decoder = new SnapshotDecoder(message.maxPlayers, message.houseCount);
    this.buffer = new SnapshotBuffer(message.maxPlayers);
    this.clock = new ServerClock(1000 / message.tickRateHz);
    this.names.length = 0;
    for (const p of message.players) this.names[p.id] = p.name;
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(message);
    this.emit('watching', message);
  }

  private onBinary(bytes: Uint8Array): void {
    const decoder = this.decoder;
    if (decoder === null || (bytes[0] !== MsgCode.Snapshot && bytes[0] !== MsgCode.Keyframe)) return;
    const result = decoder.apply(bytes);
    if (!result.ok) {
      // Out of step (or deltas before the keyframe): the room's periodic keyframe resyncs us.
      if (decoder.synced) this.decodeErrors++;
      return;
    }
    this.onState();
  }

  private onState(): void {
    const state = this.decoder!.state;
    const now = this.nowMs();
    this.snapshots++;
    this.buffer!.push(state, now);
    this.clock!.observe(state.tick, now);
    this.emit('snapshot');
  }
}
