import type { Server, Socket } from 'socket.io';
import { ErrorCode } from '../../shared/protocol/error-code';
import { MsgCode } from '../../shared/protocol/msg-code';
import { decodeInput } from '../../shared/protocol/input-codec';
import { decodePing } from '../../shared/protocol/ping-codec';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import {
  ControlEvent,
  type ErrorMessage,
  type RosterMessage,
  type WelcomeMessage,
} from '../../shared/protocol/control-messages';
import type { NodeConfig } from '../config';
import type { NodeStats } from '../node-stats';
import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import { normalizeRoomCode } from '../rooms/room-code';
import { sanitizePlayerName } from '../rooms/player-name';
import { TokenBucket } from './token-bucket';
import { parseJoinRequest } from './join-request';

/** Largest binary message a client may send (inputs are 6 bytes, pings 9). */
export const MAX_CLIENT_BINARY_BYTES = 64;
/** A socket's strikes are forgiven after this long without a new one. */
const STRIKE_WINDOW_MS = 10_000;

interface Seat {
  room: Room;
  slot: number;
}

interface SocketState {
  seat: Seat | null;
  bucket: TokenBucket;
  strikes: number;
  lastStrikeMs: number;
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
  private readonly decodedInput = { seq: 0, buttons: 0 };

  constructor(private readonly deps: GatewayDeps) {}

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

  /** Sends one snapshot to everyone in the room: encoded once, the same bytes to every socket. */
  broadcastSnapshot(room: Room, bytes: Uint8Array): void {
    const { io, stats } = this.deps;
    const receivers = io.sockets.adapter.rooms.get(room.code)?.size ?? 0;
    if (receivers === 0) return;
    // The encoder reuses its buffer next tick while sockets may still hold this one queued.
    const copy = Buffer.from(bytes);
    io.to(room.code).emit(BINARY_EVENT, copy);
    stats.snapshotsSent += receivers;
    stats.snapshotBytesSent += copy.length * receivers;
    room.snapshotsSent++;
    room.snapshotBytesSent += copy.length;
  }

  /** A dropped player's grace period ran out: tell the room. */
  onSlotExpired(room: Room): void {
    this.sendRoster(room);
  }

  onRoomClosed(room: Room): void {
    this.seatedSockets.delete(room);
  }

  /** Tells every client the node is going away, then closes every connection. */
  async shutdown(message: string): Promise<void> {
    const { io } = this.deps;
    io.emit(ControlEvent.Shutdown, { message });
    // Give the goodbye a moment to reach the sockets before they are closed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    io.disconnectSockets(true);
  }

  private onConnection(socket: Socket): void {
    const state: SocketState = {
      seat: null,
      bucket: new TokenBucket(this.deps.config.inputsPerSecondMax, this.deps.config.inputsPerSecondMax, this.deps.nowMs()),
      strikes: 0,
      lastStrikeMs: 0,
    };
    this.states.set(socket, state);

    socket.on(ControlEvent.Join, (payload: unknown) => this.onJoin(socket, state, payload));
    socket.on(ControlEvent.Leave, () => this.onLeave(socket, state));
    socket.on(BINARY_EVENT, (bytes: unknown) => this.onBinary(socket, state, bytes));
    socket.onAny((event: string) => {
      if (event !== ControlEvent.Join && event !== ControlEvent.Leave && event !== BINARY_EVENT) {
        this.reject(socket, state, ErrorCode.BAD_REQUEST, `Unknown event "${event.slice(0, 32)}".`);
      }
    });
    socket.on('disconnect', () => this.onDisconnect(socket, state));
  }

  private onJoin(socket: Socket, state: SocketState, payload: unknown): void {
    const request = parseJoinRequest(payload);
    if (request === null) {
      this.reject(socket, state, ErrorCode.BAD_REQUEST, 'A join needs { v, code, name } or { v, resume }.');
      return;
    }
    if (request.v !== PROTOCOL_VERSION) {
      this.reject(socket, state, ErrorCode.VERSION_MISMATCH, `This server speaks protocol version ${PROTOCOL_VERSION}.`);
      return;
    }
    if (state.seat !== null) {
      this.reject(socket, state, ErrorCode.BAD_REQUEST, 'Already in a room; leave it first.');
      return;
    }
    const { rooms, stats, nowMs } = this.deps;
    let room: Room | undefined;
    let name = '';
    let result;
    if ('resume' in request) {
      room = rooms.roomOfToken(request.resume);
      if (room === undefined) {
        this.refuse(socket, ErrorCode.SESSION_EXPIRED, 'That session has expired; join the room again.');
        return;
      }
      result = room.resume(request.resume);
    } else {
      const code = normalizeRoomCode(request.code);
      room = code === null ? undefined : rooms.get(code);
      if (room === undefined) {
        this.refuse(socket, ErrorCode.ROOM_NOT_FOUND, `There is no room "${request.code.slice(0, 12)}".`);
        return;
      }
      const cleanName = sanitizePlayerName(request.name);
      if (cleanName === null) {
        this.refuse(socket, ErrorCode.BAD_REQUEST, 'Choose a name of 1 to 16 letters.');
        return;
      }
      name = cleanName;
      result = room.join(name, nowMs());
    }
    if (!result.ok) {
      this.refuse(socket, result.code, result.message);
      return;
    }
    if (result.resumed) stats.resumes++;
    else {
      stats.joins++;
      rooms.rememberToken(result.resumeToken, room.code);
    }
    this.seat(socket, state, room, result.slot, result.resumeToken);
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
    state.seat = { room, slot };

    const welcome: WelcomeMessage = {
      v: PROTOCOL_VERSION,
      playerId: slot,
      resumeToken,
      room: room.code,
      nodeId: config.nodeId,
      tickRateHz: config.tickRateHz,
      snapshotRateHz: config.tickRateHz / room.options.ticksPerSnapshot,
      seed: room.world.config.seed,
      maxPlayers: room.capacity,
      houseCount: room.world.city.houses.length,
      players: this.rosterOf(room).players,
    };
    socket.emit(ControlEvent.Welcome, welcome);
    // The keyframe is the state of the last broadcast; the next delta applies on top of it.
    socket.emit(BINARY_EVENT, Buffer.from(room.keyframeForJoiner()));
    void socket.join(room.code);
    this.sendRoster(room);
  }

  private onLeave(socket: Socket, state: SocketState): void {
    const seat = state.seat;
    if (seat === null) return;
    state.seat = null;
    this.unseat(socket, seat);
    seat.room.leave(seat.slot, this.deps.nowMs());
    this.deps.rooms.forgetToken(seat.room.tokens[seat.slot]);
    void socket.leave(seat.room.code);
    this.sendRoster(seat.room);
  }

  private onDisconnect(socket: Socket, state: SocketState): void {
    const seat = state.seat;
    if (seat === null) return;
    state.seat = null;
    this.unseat(socket, seat);
    seat.room.disconnect(seat.slot, this.deps.nowMs());
    this.sendRoster(seat.room);
  }

  private unseat(socket: Socket, seat: Seat): void {
    const seated = this.seatedSockets.get(seat.room);
    if (seated !== undefined && seated[seat.slot] === socket) seated[seat.slot] = null;
  }

  private onBinary(socket: Socket, state: SocketState, bytes: unknown): void {
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
        const refused = state.seat.room.acceptInput(state.seat.slot, this.decodedInput.seq, this.decodedInput.buttons);
        if (refused !== null) {
          this.reject(socket, state, refused, 'Input sequence numbers must only move forward.');
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
        socket.emit(BINARY_EVENT, pong);
        return;
      }
      default:
        this.reject(socket, state, ErrorCode.PROTO_UNKNOWN_CODE, `Unknown message code ${bytes[0]}.`);
    }
  }

  /** A refused join: the socket stays connected and may try another room. */
  private refuse(socket: Socket, code: ErrorCode, message: string): void {
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

  private rosterOf(room: Room): RosterMessage {
    const players: RosterMessage['players'] = [];
    for (let slot = 0; slot < room.capacity; slot++) {
      if (room.world.active[slot]) {
        players.push({ id: slot, name: room.names[slot], connected: room.world.connected[slot] === 1 });
      }
    }
    return { players };
  }

  sendRoster(room: Room): void {
    this.deps.io.to(room.code).emit(ControlEvent.Roster, this.rosterOf(room));
  }
}
