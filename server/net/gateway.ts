import type { Server, Socket } from 'socket.io';
import { ErrorCode } from '../../shared/protocol/error-code';
import { MsgCode } from '../../shared/protocol/msg-code';
import { decodeInput } from '../../shared/protocol/input-codec';
import { decodePing } from '../../shared/protocol/ping-codec';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import { buildJsonState, JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import { ControlEvent, type ErrorMessage, type WelcomeMessage } from '../../shared/protocol/control-messages';
import type { ClusterCoordinator, CoordinatorHooks, RemoteJoinReply } from '../cluster/cluster-coordinator';
import type { NodeConfig } from '../config';
import type { NodeStats } from '../node-stats';
import type { Logger } from '../logger';
import { inputRefusalMessage, type Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import { normalizeRoomCode } from '../rooms/room-code';
import { sanitizePlayerName } from '../rooms/player-name';
import { TokenBucket } from './token-bucket';
import { parseJoinRequest } from './join-request';
import { buildWelcome, rosterOf } from './welcome';
import { NetworkConditions } from './network-conditions';
import { websocketBinaryFrame } from './websocket-frame';
import type { ActionResult, Conditions, TeacherAction } from '../classroom/teacher-action';
import { decodePong, encodePing } from '../../shared/protocol/ping-codec';

/** Largest binary message a client may send (inputs are 10 bytes, pings 9). */
export const MAX_CLIENT_BINARY_BYTES = 64;
/** A socket's strikes are forgiven after this long without a new one. */
const STRIKE_WINDOW_MS = 10_000;

/** engine.io's send options, with the pre-encoded frame its WebSocket transport accepts. */
interface PreEncodedSendOptions {
  wsPreEncodedFrame: Buffer[];
}

/** The part of engine.io's Socket the snapshot path uses. */
interface EngineConnection {
  write(data: Buffer, options: PreEncodedSendOptions): void;
}

/**
 * Control messages (join, leave, resync) a socket may send per second, and in a burst. A real
 * client sends a handful per session (a join, TRY_AGAIN retries at 2/s, a resync every few
 * seconds); without a limit one socket flooding leave-with-ack cut everyone's snapshot rate
 * on the node from 30/s to 6/s (issue #8, reliability/fuzz).
 */
export const CONTROL_MESSAGES_PER_SECOND_MAX = 10;
const CONTROL_MESSAGES_BURST = 20;

/** A keyframe request is honoured at most this often per socket (each costs the room bytes). */
const RESYNC_INTERVAL_MS = 2000;

/** A player in a room this node owns. */
interface LocalSeat {
  kind: 'local';
  room: Room;
  slot: number;
}

/** A player on this node in a room another node owns: inputs are relayed to the owner. */
interface RemoteSeat {
  kind: 'remote';
  code: string;
  slot: number;
  owner: string;
  token: string;
  lastSeq: number;
}

type Seat = LocalSeat | RemoteSeat;

interface SocketState {
  seat: Seat | null;
  /** Round-trip time the server measured with its own pings (NaN before the first). */
  rttMs: number;
  joining: boolean;
  bucket: TokenBucket;
  strikes: number;
  lastStrikeMs: number;
  lastResyncMs: number;
  /** Control messages (join / leave / resync), limited apart from binary ones. */
  controlBucket: TokenBucket;
}

export interface GatewayDeps {
  io: Server;
  rooms: RoomManager;
  config: NodeConfig;
  stats: NodeStats;
  log: Logger;
  nowMs: () => number;
}

/**
 * The socket edge: turns socket.io events into validated calls on rooms, and room output into
 * socket writes. Nothing past here sees a socket; nothing before here sees the simulation.
 */
export class Gateway {
  private readonly states = new WeakMap<Socket, SocketState>();
  /** Socket currently seated in each room slot, so a resume can retire a stale connection. */
  private readonly seatedSockets = new Map<Room, (Socket | null)[]>();
  /** Sockets of this node seated in rooms other nodes own, by room code. */
  private readonly remoteSockets = new Map<string, Set<Socket>>();
  private readonly decodedInput = { seq: 0, tick: 0, buttons: 0 };
  private cluster: ClusterCoordinator | null = null;
  /** Snapshot broadcasts that went through the Redis adapter (rooms with remote players). */
  clusterBroadcasts = 0;
  /** Teacher-made latency, jitter and loss, per connection or for the whole node. */
  private readonly conditions: NetworkConditions;
  /** Answers teacher requests relayed by other nodes (set by the classroom service). */
  teacherHandler: ((code: string, action: TeacherAction | null) => Promise<ActionResult>) | null = null;

  constructor(private readonly deps: GatewayDeps) {
    this.conditions = new NetworkConditions(deps.nowMs);
  }

  /** Conditions on every connection of this node, from the teacher (null: none). */
  get nodeConditions(): Conditions | null {
    return this.conditions.nodeConditions;
  }

  /** Cluster mode: rooms may live on other nodes. */
  useCluster(cluster: ClusterCoordinator): void {
    this.cluster = cluster;
  }

  attach(): void {
    const { io } = this.deps;
    io.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const version = typeof auth === 'object' && auth !== null ? (auth as { v?: unknown }).v : undefined;
      if (version !== PROTOCOL_VERSION) {
        const error = new Error(
          `Protocol version ${String(version)} is not supported; this server speaks version ${PROTOCOL_VERSION}. Reload the page.`,
        ) as Error & { data?: unknown };
        error.data = { code: ErrorCode.VERSION_MISMATCH, serverVersion: PROTOCOL_VERSION };
        next(error);
        return;
      }
      next();
    });
    io.on('connection', (socket) => this.onConnection(socket));
  }

  /**
   * Sends this tick's snapshot to everyone in the room: encoded once, the same bytes to every
   * socket. With SNAPSHOT_CODEC=json it sends the naive baseline instead (the whole state as
   * a JSON object, which socket.io stringifies once per room).
   */
  broadcastSnapshot(room: Room): void {
    const { io, stats, config } = this.deps;
    const receivers = io.sockets.adapter.rooms.get(room.code)?.size ?? 0;
    const remote = this.cluster?.remoteSeatCount(room.code) ?? 0;
    if (receivers === 0 && remote === 0) return;
    room.snapshotsSent++;
    stats.snapshotsSent += receivers;
    // Redis is not a snapshot pipe: a room whose players all sit on this node broadcasts
    // locally and publishes nothing; only rooms with players on other nodes cost a publish.
    const target = remote > 0 ? io.to(room.code) : io.local.to(room.code);
    if (remote > 0) this.clusterBroadcasts++;
    if (config.snapshotCodec === 'json') {
      // Bytes are not counted here: knowing them would mean stringifying a second time.
      const state = buildJsonState(room.world, room.names, config.tickRateHz);
      if (!this.conditions.any) target.emit(JSON_STATE_EVENT, state);
      else this.conditions.emitToRoom(io, room.code, target, JSON_STATE_EVENT, state);
      return;
    }
    // The encoder reuses its buffer next tick while sockets may still hold this one queued.
    const copy = Buffer.from(room.encodeSnapshot());
    if (config.wireParser === 'custom') {
      // Players on other nodes get the snapshot through the Redis adapter (excluding this
      // node's own sockets); this node's sockets always take the one-frame fast path.
      if (remote > 0) io.to(room.code).except(this.ownerRoom(room.code)).emit(BINARY_EVENT, copy);
      this.writeToRoomSockets(room.code, copy);
    } else if (!this.conditions.any) target.emit(BINARY_EVENT, copy);
    else this.conditions.emitToRoom(io, room.code, target, BINARY_EVENT, copy);
    stats.snapshotBytesSent += copy.length * receivers;
    room.snapshotBytesSent += copy.length;
  }

  /**
   * The hot path of a local room's snapshot. With our parser a binary message is the engine.io
   * message itself, so the bytes go straight to each connection (what socket.io does after
   * encoding), with the WebSocket frame built once for the whole room: engine.io's WebSocket
   * transport sends a pre-encoded frame as one write() (the mechanism socket.io's adapter uses
   * for text broadcasts). Profiles under load showed per-socket framing and two-buffer writev
   * as the largest cost of a tick. Polling connections ignore the frame and encode as usual.
   */
  private writeToRoomSockets(code: string, bytes: Buffer): void {
    const { io } = this.deps;
    const members = io.sockets.adapter.rooms.get(code);
    if (members === undefined) return;
    const options: PreEncodedSendOptions = { wsPreEncodedFrame: [websocketBinaryFrame(bytes)] };
    const conditions = this.conditions;
    const impaired = conditions.any;
    for (const id of members) {
      const socket = io.sockets.sockets.get(id);
      if (socket === undefined) continue;
      if (impaired && conditions.has(socket)) {
        conditions.emitTo(socket, BINARY_EVENT, bytes);
        continue;
      }
      (socket.conn as unknown as EngineConnection).write(bytes, options);
    }
  }

  /**
   * A room of socket.io's holding the sockets of this node's own players in a room it owns: a
   * broadcast to the room except this one reaches exactly the players on other nodes.
   */
  private ownerRoom(code: string): string {
    return `${code}#${this.deps.config.nodeId}`;
  }

  /** A dropped player's grace period ran out: tell the room. */
  onSlotExpired(room: Room): void {
    this.sendRoster(room);
  }

  /** A room closed (it stayed empty): forget which sockets sat in it. */
  onRoomClosed(code: string): void {
    for (const room of this.seatedSockets.keys()) if (room.code === code) this.seatedSockets.delete(room);
  }

  /** Tells every client the node is going away, then closes every connection. */
  async shutdown(message: string): Promise<void> {
    const { io } = this.deps;
    io.emit(ControlEvent.Shutdown, { message });
    // Give the goodbye a moment to reach the sockets before they are closed. io.close() then
    // closes the transports without a socket.io disconnect, so clients reconnect on their own
    // (to this node when it comes back, or through the balancer to another).
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private onConnection(socket: Socket): void {
    const state: SocketState = {
      seat: null,
      joining: false,
      rttMs: Number.NaN,
      lastResyncMs: Number.NEGATIVE_INFINITY,
      bucket: new TokenBucket(this.deps.config.inputsPerSecondMax, this.deps.config.inputsPerSecondMax, this.deps.nowMs()),
      strikes: 0,
      lastStrikeMs: 0,
      controlBucket: new TokenBucket(CONTROL_MESSAGES_PER_SECOND_MAX, CONTROL_MESSAGES_BURST, this.deps.nowMs()),
    };
    this.states.set(socket, state);
    this.conditions.admit(socket);

    socket.on(ControlEvent.Join, (payload: unknown) => {
      if (!this.allowControl(socket, state)) return;
      this.onJoin(socket, state, payload).catch((error: unknown) => {
        state.joining = false;
        this.deps.log.error({ err: error, socket: socket.id }, 'join failed');
        this.refuse(socket, ErrorCode.TRY_AGAIN, 'The server could not complete the join; try again.');
      });
    });
    socket.on(ControlEvent.Leave, (ack?: unknown) => {
      // Over the limit: dropped without an ack, so a flood of leave-with-ack gets nothing back.
      if (!this.allowControl(socket, state)) return;
      this.onLeave(socket, state);
      if (typeof ack === 'function') (ack as () => void)();
    });
    socket.on(ControlEvent.Resync, () => {
      if (this.allowControl(socket, state)) this.onResync(socket, state);
    });
    socket.on(BINARY_EVENT, (bytes: unknown) => this.onBinary(socket, state, bytes));
    // `unknown`, not string: socket.io-parser also accepts a number as the event name (42[123]),
    // and a throw here runs outside socket.io's parse try/catch, killing the node (issue #8).
    socket.onAny((event: unknown) => {
      if (event !== BINARY_EVENT && event !== ControlEvent.Join && event !== ControlEvent.Leave && event !== ControlEvent.Resync) {
        this.reject(socket, state, ErrorCode.BAD_REQUEST, `Unknown event "${String(event).slice(0, 32)}".`);
      }
    });
    socket.on('disconnect', (reason: string) => this.onDisconnect(socket, state, reason));
  }

  /**
   * Control messages (join, leave, resync) have their own per-socket budget; over it, the
   * message is dropped and counts as a strike, so a flood ends in a cut-off. Checked in those
   * handlers only: inputs, the per-message hot path, never pay for it.
   */
  private allowControl(socket: Socket, state: SocketState): boolean {
    if (state.controlBucket.take(this.deps.nowMs())) return true;
    this.reject(socket, state, ErrorCode.RATE_LIMITED, `More than ${CONTROL_MESSAGES_PER_SECOND_MAX} control messages per second.`);
    return false;
  }

  private async onJoin(socket: Socket, state: SocketState, payload: unknown): Promise<void> {
    const request = parseJoinRequest(payload);
    if (request === null) {
      this.reject(socket, state, ErrorCode.BAD_REQUEST, 'A join needs { v, code, name } or { v, resume }.');
      return;
    }
    if (request.v !== PROTOCOL_VERSION) {
      this.reject(socket, state, ErrorCode.VERSION_MISMATCH, `This server speaks protocol version ${PROTOCOL_VERSION}.`);
      return;
    }
    if (state.seat !== null || state.joining) {
      this.reject(socket, state, ErrorCode.BAD_REQUEST, 'Already in a room (or joining one); leave it first.');
      return;
    }
    state.joining = true;
    try {
      if ('resume' in request) await this.resumeSession(socket, state, request.resume);
      else await this.joinByCode(socket, state, request.code, request.name);
    } finally {
      state.joining = false;
    }
  }

  private async joinByCode(socket: Socket, state: SocketState, rawCode: string, rawName: string): Promise<void> {
    const code = normalizeRoomCode(rawCode);
    if (code === null) {
      this.refuse(socket, ErrorCode.ROOM_NOT_FOUND, `There is no room "${rawCode.slice(0, 12)}".`);
      return;
    }
    const name = sanitizePlayerName(rawName);
    if (name === null) {
      this.refuse(socket, ErrorCode.BAD_REQUEST, 'Choose a name of 1 to 16 letters.');
      return;
    }
    const local = this.deps.rooms.get(code);
    const where = local !== undefined ? ({ kind: 'local', room: local } as const) : this.cluster === null ? ({ kind: 'missing' } as const) : await this.cluster.locate(code);
    if (where.kind === 'missing') {
      this.refuse(socket, ErrorCode.ROOM_NOT_FOUND, `There is no room "${code}".`);
      return;
    }
    if (!socket.connected) return;
    if (where.kind === 'remote') {
      await this.seatRemotely(socket, state, where.owner, code, (cluster) => cluster.remoteJoin(where.owner, code, name));
      return;
    }
    const room = where.room;
    const result = room.join(name, this.deps.nowMs());
    if (!result.ok) {
      this.refuse(socket, result.code, result.message);
      return;
    }
    this.deps.stats.joins++;
    this.deps.rooms.rememberToken(result.resumeToken, room.code);
    this.cluster?.rememberSession(room, result.slot);
    this.deps.log.info(
      { room: room.code, slot: result.slot, socket: socket.id, ip: socket.handshake.address, players: room.connectedCount },
      'player joined',
    );
    this.seat(socket, state, room, result.slot, result.resumeToken);
  }

  private async resumeSession(socket: Socket, state: SocketState, token: string): Promise<void> {
    const local = this.deps.rooms.roomOfToken(token);
    const where = local !== undefined ? ({ kind: 'local', room: local } as const) : this.cluster === null ? ({ kind: 'missing' } as const) : await this.cluster.locateToken(token);
    if (where.kind === 'missing') {
      this.refuse(socket, ErrorCode.SESSION_EXPIRED, 'That session has expired; join the room again.');
      return;
    }
    if (!socket.connected) return;
    if (where.kind === 'remote') {
      const code = 'code' in where && typeof where.code === 'string' ? where.code : '';
      await this.seatRemotely(socket, state, where.owner, code, (cluster) => cluster.remoteResume(where.owner, token));
      return;
    }
    const room = where.room;
    const result = room.resume(token);
    if (!result.ok) {
      this.refuse(socket, result.code, result.message);
      return;
    }
    this.deps.stats.resumes++;
    this.cluster?.rememberSession(room, result.slot);
    this.deps.log.info({ room: room.code, slot: result.slot, socket: socket.id, players: room.connectedCount }, 'player resumed');
    this.seat(socket, state, room, result.slot, result.resumeToken);
  }

  /**
   * Seats a player in a room another node owns. The socket joins the room's channel first, so
   * the keyframe the owner broadcasts for the newcomer arrives in order with what follows.
   */
  private async seatRemotely(
    socket: Socket,
    state: SocketState,
    owner: string,
    code: string,
    ask: (cluster: ClusterCoordinator) => Promise<RemoteJoinReply>,
  ): Promise<void> {
    const cluster = this.cluster;
    if (cluster === null) return;
    if (code !== '') await socket.join(code);
    let reply: RemoteJoinReply;
    try {
      reply = await ask(cluster);
    } catch (error) {
      if (code !== '') void socket.leave(code);
      this.deps.log.warn({ owner, room: code, err: error instanceof Error ? error.message : String(error) }, 'room owner did not answer');
      this.refuse(socket, ErrorCode.TRY_AGAIN, "The room's server is not answering (it may be moving); trying again shortly.");
      return;
    }
    if (!reply.ok) {
      if (code !== '') void socket.leave(code);
      this.refuse(socket, reply.code, reply.message);
      return;
    }
    if (code === '') await socket.join(reply.code);
    if (!socket.connected) {
      cluster.notify(owner, { kind: 'drop', code: reply.code, slot: reply.slot, token: reply.resumeToken });
      return;
    }
    if (reply.resumed) this.deps.stats.resumes++;
    else this.deps.stats.joins++;
    const seat: RemoteSeat = { kind: 'remote', code: reply.code, slot: reply.slot, owner, token: reply.resumeToken, lastSeq: 0 };
    state.seat = seat;
    this.trackRemote(socket, seat.code, true);
    const welcome: WelcomeMessage = { ...reply.welcome, nodeId: this.deps.config.nodeId, ownerNodeId: owner };
    socket.emit(ControlEvent.Welcome, welcome);
    this.deps.log.info({ room: reply.code, slot: reply.slot, owner, socket: socket.id, resumed: reply.resumed }, 'player seated in a room on another node');
  }

  private trackRemote(socket: Socket, code: string, add: boolean): void {
    let set = this.remoteSockets.get(code);
    if (add) {
      if (set === undefined) {
        set = new Set();
        this.remoteSockets.set(code, set);
      }
      set.add(socket);
    } else if (set !== undefined) {
      set.delete(socket);
      if (set.size === 0) this.remoteSockets.delete(code);
    }
  }

  private seat(socket: Socket, state: SocketState, room: Room, slot: number, resumeToken: string): void {
    const { config } = this.deps;
    let seated = this.seatedSockets.get(room);
    if (seated === undefined) {
      seated = new Array<Socket | null>(room.capacity).fill(null);
      this.seatedSockets.set(room, seated);
    }
    const previous = seated[slot];
    if (previous !== null && previous !== socket) {
      // The same player came back on a new connection while the old one still looked alive.
      const previousState = this.states.get(previous);
      if (previousState) previousState.seat = null;
      previous.emit(ControlEvent.Error, { code: ErrorCode.SESSION_EXPIRED, message: 'This session continued on another connection.' } satisfies ErrorMessage);
      previous.disconnect(true);
    }
    seated[slot] = socket;
    state.seat = { kind: 'local', room, slot };

    const welcome = { ...buildWelcome(room, slot, resumeToken, config.nodeId, config.snapshotCodec), nodeId: config.nodeId };
    socket.emit(ControlEvent.Welcome, welcome);
    if (config.snapshotCodec === 'json') {
      socket.emit(JSON_STATE_EVENT, buildJsonState(room.world, room.names, config.tickRateHz));
    } else {
      // The keyframe is the state of the last broadcast; the next delta applies on top of it.
      socket.emit(BINARY_EVENT, Buffer.from(room.keyframeForJoiner()));
    }
    void socket.join([room.code, this.ownerRoom(room.code)]);
    this.sendRoster(room);
  }

  private onLeave(socket: Socket, state: SocketState): void {
    const seat = state.seat;
    if (seat === null) return;
    state.seat = null;
    if (seat.kind === 'remote') {
      this.trackRemote(socket, seat.code, false);
      this.cluster?.notify(seat.owner, { kind: 'leave', code: seat.code, slot: seat.slot, token: seat.token });
      void socket.leave(seat.code);
      this.deps.log.info({ room: seat.code, slot: seat.slot, socket: socket.id }, 'player left');
      return;
    }
    this.unseat(socket, seat);
    const token = seat.room.tokens[seat.slot];
    this.deps.rooms.forgetToken(token);
    this.cluster?.forgetSession(token);
    seat.room.leave(seat.slot, this.deps.nowMs());
    this.deps.log.info({ room: seat.room.code, slot: seat.slot, socket: socket.id, players: seat.room.connectedCount }, 'player left');
    void socket.leave(seat.room.code);
    void socket.leave(this.ownerRoom(seat.room.code));
    this.sendRoster(seat.room);
  }

  private onDisconnect(socket: Socket, state: SocketState, reason: string): void {
    this.conditions.forget(socket);
    const seat = state.seat;
    if (seat === null) return;
    state.seat = null;
    if (seat.kind === 'remote') {
      this.trackRemote(socket, seat.code, false);
      this.cluster?.notify(seat.owner, { kind: 'drop', code: seat.code, slot: seat.slot, token: seat.token });
      this.deps.log.info({ room: seat.code, slot: seat.slot, socket: socket.id, reason }, 'player dropped (room on another node)');
      return;
    }
    this.unseat(socket, seat);
    seat.room.disconnect(seat.slot, this.deps.nowMs());
    this.deps.log.info(
      { room: seat.room.code, slot: seat.slot, socket: socket.id, reason, graceMs: this.deps.config.resumeGraceMs },
      'player dropped; seat kept for a resume',
    );
    this.sendRoster(seat.room);
  }

  private onResync(socket: Socket, state: SocketState): void {
    const seat = state.seat;
    if (seat === null) return;
    const now = this.deps.nowMs();
    if (now - state.lastResyncMs < RESYNC_INTERVAL_MS) {
      this.reject(socket, state, ErrorCode.RATE_LIMITED, `At most one resync every ${RESYNC_INTERVAL_MS} ms.`);
      return;
    }
    state.lastResyncMs = now;
    if (seat.kind === 'local') seat.room.forceKeyframe();
    else this.cluster?.notify(seat.owner, { kind: 'resync', code: seat.code });
  }

  private unseat(socket: Socket, seat: LocalSeat): void {
    const seated = this.seatedSockets.get(seat.room);
    if (seated !== undefined && seated[seat.slot] === socket) seated[seat.slot] = null;
  }

  private onBinary(socket: Socket, state: SocketState, bytes: unknown): void {
    // The teacher slowed this connection down: its messages arrive late, in order.
    if (this.conditions.any && bytes instanceof Uint8Array && this.conditions.holdIncoming(socket, bytes, (held) => this.handleBinary(socket, state, held))) {
      return;
    }
    this.handleBinary(socket, state, bytes);
  }

  private handleBinary(socket: Socket, state: SocketState, bytes: unknown): void {
    const now = this.deps.nowMs();
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      this.reject(socket, state, ErrorCode.PROTO_EMPTY, 'Empty binary message.');
      return;
    }
    if (bytes.length > MAX_CLIENT_BINARY_BYTES) {
      this.reject(socket, state, ErrorCode.PROTO_OVERSIZED, `Binary messages are at most ${MAX_CLIENT_BINARY_BYTES} bytes.`);
      return;
    }
    if (!state.bucket.take(now)) {
      this.reject(socket, state, ErrorCode.RATE_LIMITED, `More than ${this.deps.config.inputsPerSecondMax} messages per second.`);
      return;
    }
    switch (bytes[0]) {
      case MsgCode.Input: {
        const error = decodeInput(bytes, this.decodedInput);
        if (error !== null) {
          this.reject(socket, state, error, 'Malformed input message.');
          return;
        }
        if (state.seat === null) {
          this.reject(socket, state, ErrorCode.NOT_IN_ROOM, 'Join a room before sending inputs.');
          return;
        }
        const seat = state.seat;
        const input = this.decodedInput;
        let refused: ErrorCode | null;
        if (seat.kind === 'local') refused = seat.room.acceptInput(seat.slot, input.seq, input.tick, input.buttons);
        else if (input.seq <= seat.lastSeq) refused = ErrorCode.PROTO_SEQ_NOT_FORWARD;
        else {
          // The stamp is checked by the owner, which knows the room's tick.
          seat.lastSeq = input.seq;
          this.cluster?.relayInput(seat.owner, seat.code, seat.slot, input.seq, input.tick, input.buttons);
          refused = null;
        }
        if (refused !== null) {
          this.reject(socket, state, refused, inputRefusalMessage(refused));
          return;
        }
        this.deps.stats.inputsAccepted++;
        return;
      }
      case MsgCode.Ping: {
        const ping = decodePing(bytes);
        if (!ping.ok) {
          this.reject(socket, state, ping.code, 'Malformed ping.');
          return;
        }
        const pong = Buffer.from(bytes);
        pong[0] = MsgCode.Pong;
        this.conditions.emitTo(socket, BINARY_EVENT, pong);
        return;
      }
      case MsgCode.Pong: {
        // The answer to the server's own ping (see probeRtt): the RTT teachers see.
        const pong = decodePong(bytes);
        if (!pong.ok || pong.value > now) {
          this.reject(socket, state, pong.ok ? ErrorCode.PROTO_OUT_OF_RANGE : pong.code, 'Malformed pong.');
          return;
        }
        state.rttMs = now - pong.value;
        return;
      }
      default:
        this.reject(socket, state, ErrorCode.PROTO_UNKNOWN_CODE, `Unknown message code ${bytes[0]}.`);
    }
  }

  /** A refused join: the socket stays connected and may try another room. */
  private refuse(socket: Socket, code: ErrorCode, message: string): void {
    this.deps.log.debug({ socket: socket.id, code, ip: socket.handshake.address }, 'join refused');
    socket.emit(ControlEvent.Error, { code, message } satisfies ErrorMessage);
  }

  /**
   * A bad message: counted, answered with a clear error, and never passed on. Repeated abuse
   * cuts this socket off; other players never notice.
   */
  private reject(socket: Socket, state: SocketState, code: ErrorCode, message: string): void {
    const now = this.deps.nowMs();
    this.deps.stats.countReject(code);
    if (now - state.lastStrikeMs > STRIKE_WINDOW_MS) state.strikes = 0;
    state.strikes++;
    state.lastStrikeMs = now;
    if (state.strikes > this.deps.config.abuseStrikesMax) {
      if (socket.connected) {
        this.deps.stats.socketsCutOff++;
        socket.emit(ControlEvent.Error, {
          code,
          message: `Disconnected after ${this.deps.config.abuseStrikesMax} rejected messages.`,
          fatal: true,
        } satisfies ErrorMessage);
        this.deps.log.warn({ socket: socket.id, code, ip: socket.handshake.address }, 'socket cut off for abuse');
        socket.disconnect(true);
      }
      return;
    }
    socket.emit(ControlEvent.Error, { code, message } satisfies ErrorMessage);
  }

  /**
   * Pings every seated socket with the server's clock; the client echoes it as a Pong. Called
   * once a second (not per tick). RTTs of players in rooms other nodes own go to the owner.
   */
  probeRtt(): void {
    const now = this.deps.nowMs();
    const ping = Buffer.from(encodePing(now));
    for (const socket of this.deps.io.of('/').sockets.values()) {
      const state = this.states.get(socket);
      if (state?.seat == null) continue;
      this.conditions.emitTo(socket, BINARY_EVENT, ping);
      const seat = state.seat;
      if (seat.kind === 'remote' && Number.isFinite(state.rttMs)) {
        this.cluster?.notify(seat.owner, { kind: 'rtt', code: seat.code, slot: seat.slot, rttMs: Math.round(state.rttMs) });
      }
    }
  }

  /** The RTT measured to a local player, or null. */
  rttOf(room: Room, slot: number): number | null {
    const socket = this.seatedSockets.get(room)?.[slot];
    const rtt = socket == null ? Number.NaN : (this.states.get(socket)?.rttMs ?? Number.NaN);
    return Number.isFinite(rtt) ? Math.round(rtt) : null;
  }

  conditionsOf(room: Room, slot: number): Conditions | null {
    const socket = this.seatedSockets.get(room)?.[slot];
    return socket == null ? null : this.conditions.of(socket);
  }

  /** Impairs (or, with clear conditions, restores) every connection on this node. */
  setNodeConditions(conditions: Conditions): void {
    this.conditions.setNode(conditions, this.deps.io.of('/').sockets.values());
  }

  /** Impairs (or restores) one local player's connection; false when nobody sits there. */
  setPlayerConditions(room: Room, slot: number, conditions: Conditions): boolean {
    const socket = this.seatedSockets.get(room)?.[slot];
    if (socket == null) return false;
    this.conditions.setSocket(socket, conditions);
    return true;
  }

  /** Removes a player on the teacher's word: everyone is told, and that client stops. */
  kick(room: Room, slot: number, message: string): void {
    this.deps.io.to(room.code).emit(ControlEvent.Kicked, { playerId: slot, message });
    const socket = this.seatedSockets.get(room)?.[slot];
    if (socket != null) {
      const state = this.states.get(socket);
      if (state !== undefined) state.seat = null;
      this.seatedSockets.get(room)![slot] = null;
      socket.emit(ControlEvent.Error, { code: ErrorCode.KICKED, message, fatal: true } satisfies ErrorMessage);
      void socket.leave(room.code);
      void socket.leave(this.ownerRoom(room.code));
      setTimeout(() => socket.disconnect(true), 100);
    }
  }

  sendRoster(room: Room): void {
    const remote = this.cluster?.remoteSeatCount(room.code) ?? 0;
    (remote > 0 ? this.deps.io.to(room.code) : this.deps.io.local.to(room.code)).emit(ControlEvent.Roster, rosterOf(room));
  }

  /** The hooks the cluster coordinator calls back into. */
  clusterHooks(): CoordinatorHooks {
    return this.hooks;
  }

  private readonly hooks: CoordinatorHooks = this.makeClusterHooks();

  private makeClusterHooks(): CoordinatorHooks {
    return {
      sendRoster: (room) => this.sendRoster(room),
      adoptLocalSeats: (room) => this.adoptLocalSeats(room),
      moveRemoteSeats: (code, owner) => this.moveRemoteSeats(code, owner),
      remoteRooms: () => {
        const rooms = new Map<string, string>();
        for (const [code, sockets] of this.remoteSockets) {
          for (const socket of sockets) {
            const seat = this.states.get(socket)?.seat;
            if (seat?.kind === 'remote') rooms.set(code, seat.owner);
          }
        }
        return rooms;
      },
      dropLostRoom: (room) => this.dropLostRoom(room),
      teacherRequest: (code, action) =>
        this.teacherHandler === null
          ? Promise.resolve({ ok: false, status: 503, code: 'UNAVAILABLE', message: 'Classroom actions are not available on this node.' })
          : this.teacherHandler(code, action),
      applyRemoteConditions: (code, slot, conditions) => {
        for (const socket of this.remoteSockets.get(code) ?? []) {
          const state = this.states.get(socket);
          if (state?.seat?.kind === 'remote' && state.seat.slot === slot) this.conditions.setSocket(socket, conditions);
        }
      },
    };
  }

  /** This node took over a room: its sockets seated there remotely become local players. */
  private adoptLocalSeats(room: Room): void {
    const sockets = this.remoteSockets.get(room.code);
    if (sockets === undefined) return;
    this.remoteSockets.delete(room.code);
    for (const socket of sockets) {
      const state = this.states.get(socket);
      const seat = state?.seat;
      if (state === undefined || seat?.kind !== 'remote') continue;
      const result = room.resume(seat.token);
      if (!result.ok) {
        state.seat = null;
        socket.emit(ControlEvent.Error, { code: result.code, message: result.message } satisfies ErrorMessage);
        continue;
      }
      let seated = this.seatedSockets.get(room);
      if (seated === undefined) {
        seated = new Array<Socket | null>(room.capacity).fill(null);
        this.seatedSockets.set(room, seated);
      }
      seated[result.slot] = socket;
      void socket.join(this.ownerRoom(room.code));
      state.seat = { kind: 'local', room, slot: result.slot };
    }
    this.sendRoster(room);
  }

  /** The room's owner changed (a takeover elsewhere): resume this node's players there. */
  private async moveRemoteSeats(code: string, owner: string): Promise<void> {
    const cluster = this.cluster;
    const sockets = this.remoteSockets.get(code);
    if (cluster === null || sockets === undefined) return;
    for (const socket of [...sockets]) {
      const state = this.states.get(socket);
      const seat = state?.seat;
      if (state === undefined || seat?.kind !== 'remote' || seat.owner === owner) continue;
      const reply = await cluster.remoteResume(owner, seat.token).catch(() => null);
      if (reply !== null && reply.ok) {
        seat.owner = owner;
      } else if (reply !== null) {
        state.seat = null;
        this.trackRemote(socket, code, false);
        socket.emit(ControlEvent.Error, { code: reply.code, message: reply.message } satisfies ErrorMessage);
      }
    }
  }

  /** Another node holds this room now: let its players reconnect, which resumes them there. */
  private dropLostRoom(room: Room): void {
    const seated = this.seatedSockets.get(room);
    this.seatedSockets.delete(room);
    this.deps.rooms.discard(room.code);
    if (seated === undefined) return;
    for (const socket of seated) {
      if (socket === null) continue;
      const state = this.states.get(socket);
      if (state !== undefined) state.seat = null;
      socket.emit(ControlEvent.Shutdown, { message: 'The room moved to another server; reconnecting.' });
      // Closing the transport (not a socket.io disconnect) makes the client reconnect by itself.
      socket.conn.close();
    }
  }
}
