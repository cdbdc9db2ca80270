import { ControlEvent, type WelcomeMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import { buildJsonState, JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { RemoteJoinReply } from '../cluster/remote-join-reply';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import type { NodeStats } from '../node-stats';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import { sanitizePlayerName } from '../rooms/player-name';
import { buildWelcome } from '../rooms/welcome';
import type { RoomChannel } from '../seats/room-channel';
import { retireLink } from '../seats/retire-link';
import { sessionIdOf } from '../security/session-id';
import type { Seat } from '../seats/seat';
import { bareLink, type SeatRegistry } from '../seats/seat-registry';
import type { ClientState } from './client-state';
import { parseJoinRequest } from './join-request';
import type { StrikePolicy } from './strike-policy';

/** A keyframe request is honoured at most this often per socket (each costs the room bytes). */
const RESYNC_INTERVAL_MS = 2000;

export interface JoinFlowDeps {
  rooms: RoomManager;
  seats: SeatRegistry;
  channel: RoomChannel;
  cluster: ClusterCoordinator;
  strikes: StrikePolicy;
  config: NodeConfig;
  stats: NodeStats;
  log: Logger;
  nowMs: () => number;
}

/**
 * Getting a connection into a seat and out of it: join by code, resume by token (in a room this
 * node owns, or through the room's owner on another node), leave, drop, and keyframe requests.
 * The seat itself is the seat registry's; this is the conversation with the client around it.
 */
export class JoinFlow {
  constructor(private readonly deps: JoinFlowDeps) {}

  async join(client: ClientState, payload: unknown): Promise<void> {
    const { strikes } = this.deps;
    const request = parseJoinRequest(payload);
    if (request === null) {
      strikes.reject(client, ErrorCode.BAD_REQUEST, 'A join needs { v, code, name, device? } or { v, resume }.');
      return;
    }
    if (request.v !== PROTOCOL_VERSION) {
      strikes.reject(client, ErrorCode.VERSION_MISMATCH, `This server speaks protocol version ${PROTOCOL_VERSION}.`);
      return;
    }
    if (client.seat !== null || client.joining) {
      strikes.reject(client, ErrorCode.BAD_REQUEST, 'Already in a room (or joining one); leave it first.');
      return;
    }
    client.joining = true;
    try {
      if ('resume' in request) await this.resume(client, request.resume);
      else await this.joinByCode(client, request.code, request.name, request.device);
    } finally {
      client.joining = false;
    }
  }

  leave(client: ClientState): void {
    const seat = client.seat;
    if (seat === null) return;
    client.seat = null;
    const { seats, log } = this.deps;
    if (!seats.isCurrent(seat) || !seats.holds(seat, client.link)) return;
    seats.free(seat);
    if (seat.owner !== this.deps.config.nodeId) {
      client.link.unsubscribe(seat.code);
      this.deps.cluster.notify(seat.owner, { kind: 'leave', code: seat.code, slot: seat.slot, session: seat.sessionId });
      log.info({ room: seat.code, slot: seat.slot, socket: client.link.id }, 'player left');
      return;
    }
    const room = this.deps.rooms.get(seat.code);
    this.deps.cluster.forgetSession(seat.sessionId);
    if (room === undefined) return;
    room.leave(seat.slot, this.deps.nowMs());
    log.info({ room: room.code, slot: seat.slot, socket: client.link.id, players: room.connectedCount }, 'player left');
    this.deps.channel.roster(room);
  }

  disconnected(client: ClientState, reason: string): void {
    const seat = client.seat;
    if (seat === null) return;
    client.seat = null;
    const { seats, log } = this.deps;
    // A retired connection (the player resumed on a new one) leaves the seat to its successor.
    if (!seats.isCurrent(seat) || !seats.holds(seat, client.link)) return;
    if (seat.owner !== this.deps.config.nodeId) {
      seats.free(seat);
      this.deps.cluster.notify(seat.owner, { kind: 'drop', code: seat.code, slot: seat.slot, session: seat.sessionId });
      log.info({ room: seat.code, slot: seat.slot, socket: client.link.id, reason }, 'player dropped (room on another node)');
      return;
    }
    seats.detach(seat);
    const room = this.deps.rooms.get(seat.code);
    if (room === undefined) return;
    room.disconnect(seat.slot, this.deps.nowMs());
    log.info({ room: room.code, slot: seat.slot, socket: client.link.id, reason, graceMs: this.deps.config.resumeGraceMs }, 'player dropped; seat kept for a resume');
    this.deps.channel.roster(room);
  }

  resync(client: ClientState): void {
    const seat = client.seat;
    if (seat === null) return;
    const now = this.deps.nowMs();
    if (now - client.lastResyncMs < RESYNC_INTERVAL_MS) {
      this.deps.strikes.reject(client, ErrorCode.RATE_LIMITED, `At most one resync every ${RESYNC_INTERVAL_MS} ms.`);
      return;
    }
    client.lastResyncMs = now;
    if (seat.owner === this.deps.config.nodeId) this.deps.rooms.get(seat.code)?.forceKeyframe();
    else this.deps.cluster.notify(seat.owner, { kind: 'resync', code: seat.code });
  }

  private async joinByCode(client: ClientState, rawCode: string, rawName: string, device: string | undefined): Promise<void> {
    const { strikes, rooms, cluster, seats, config } = this.deps;
    const code = normalizeRoomCode(rawCode);
    if (code === null) {
      strikes.refuse(client, ErrorCode.ROOM_NOT_FOUND, `There is no room "${rawCode.slice(0, 12)}".`);
      return;
    }
    const name = sanitizePlayerName(rawName);
    if (name === null) {
      strikes.refuse(client, ErrorCode.BAD_REQUEST, 'Choose a name of 1 to 16 letters.');
      return;
    }
    const local = rooms.get(code);
    const where = local !== undefined ? ({ kind: 'local', room: local } as const) : await cluster.locate(code);
    if (where.kind === 'missing') {
      strikes.refuse(client, ErrorCode.ROOM_NOT_FOUND, `There is no room "${code}".`);
      return;
    }
    if (!client.socket.connected) return;
    if (where.kind === 'remote') {
      await this.seatRemotely(client, where.owner, code, () => cluster.remoteJoin(where.owner, code, name, device));
      return;
    }
    const room = where.room;
    const result = room.join(name, this.deps.nowMs(), device);
    if (!result.ok) {
      strikes.refuse(client, result.code, result.message);
      return;
    }
    this.deps.stats.joins++;
    const seat = seats.open(room.code, result.slot, config.nodeId, client.link);
    cluster.rememberSession(seat);
    this.deps.log.info({ room: room.code, slot: result.slot, socket: client.link.id, ip: client.link.address, players: room.connectedCount }, 'player joined');
    this.welcomeHere(client, room, seat);
  }

  private async resume(client: ClientState, token: string): Promise<void> {
    const { strikes, cluster, seats, config } = this.deps;
    const where = await cluster.locateToken(token);
    if (where.kind === 'missing') {
      strikes.refuse(client, ErrorCode.SESSION_EXPIRED, 'That session has expired; join the room again.');
      return;
    }
    if (!client.socket.connected) return;
    if (where.kind === 'remote') {
      await this.seatRemotely(client, where.owner, where.code ?? '', () => cluster.remoteResume(where.owner, token));
      return;
    }
    const room = where.room;
    const seat = seats.byResumeToken(token);
    const result = seat === undefined ? null : room.reconnect(seat.slot);
    if (seat === undefined || result === null || !result.ok) {
      strikes.refuse(client, result?.ok === false ? result.code : ErrorCode.SESSION_EXPIRED, result?.ok === false ? result.message : 'That session has expired; join the room again.');
      return;
    }
    const previous = seats.attach(seat, config.nodeId, client.link);
    // The same player came back on a new connection while the old one still looked alive.
    if (previous !== null) retireLink(previous);
    this.deps.stats.resumes++;
    cluster.rememberSession(seat);
    this.deps.log.info({ room: room.code, slot: seat.slot, socket: client.link.id, players: room.connectedCount }, 'player resumed');
    this.welcomeHere(client, room, seat);
  }

  /** Welcome, then the keyframe the next delta applies to, then the teacher's conditions. */
  private welcomeHere(client: ClientState, room: Room, seat: Seat): void {
    const { config, seats } = this.deps;
    client.seat = seat;
    const welcome = buildWelcome(room, seat.slot, seat.token, config.nodeId, config.snapshotCodec);
    client.link.sendControl(ControlEvent.Welcome, welcome);
    if (config.snapshotCodec === 'json') client.link.sendControl(JSON_STATE_EVENT, buildJsonState(room.world, room.names, config.tickRateHz));
    // The keyframe is the state of the last broadcast; the next delta applies on top of it.
    else client.socket.emit(BINARY_EVENT, Buffer.from(room.keyframeForJoiner()));
    seats.tellConditions(seat);
    this.deps.channel.roster(room);
  }

  /**
   * Seats a player in a room another node owns. The link subscribes to the room's channel
   * first, so the keyframe the owner broadcasts for the newcomer arrives in order with what
   * follows.
   */
  private async seatRemotely(client: ClientState, owner: string, code: string, ask: () => Promise<RemoteJoinReply>): Promise<void> {
    const { strikes, seats, stats, log, config } = this.deps;
    if (code !== '') client.link.subscribe(code);
    let reply: RemoteJoinReply;
    try {
      reply = await ask();
    } catch (error) {
      if (code !== '') client.link.unsubscribe(code);
      log.warn({ owner, room: code, err: error instanceof Error ? error.message : String(error) }, 'room owner did not answer');
      strikes.refuse(client, ErrorCode.TRY_AGAIN, "The room's server is not answering (it may be moving); trying again shortly.");
      return;
    }
    if (!reply.ok) {
      if (code !== '') client.link.unsubscribe(code);
      strikes.refuse(client, reply.code, reply.message);
      return;
    }
    if (code === '') client.link.subscribe(reply.code);
    if (!client.socket.connected) {
      this.deps.cluster.notify(owner, { kind: 'drop', code: reply.code, slot: reply.slot, session: sessionIdOf(reply.resumeToken) });
      return;
    }
    if (reply.resumed) stats.resumes++;
    else stats.joins++;
    // A second connection of this player on this node (a reload) retires the first.
    const earlier = seats.byResumeToken(reply.resumeToken)?.link ?? null;
    const seat = seats.mirror(reply.code, reply.slot, reply.resumeToken, owner, client.link);
    seat.ownerIncarnation = reply.ownerIncarnation;
    if (earlier !== null && bareLink(earlier) !== client.link) retireLink(bareLink(earlier));
    client.seat = seat;
    const welcome: WelcomeMessage = { ...reply.welcome, nodeId: config.nodeId, ownerNodeId: owner };
    client.link.sendControl(ControlEvent.Welcome, welcome);
    seats.impose(seat, reply.conditions);
    log.info({ room: reply.code, slot: reply.slot, owner, socket: client.link.id, resumed: reply.resumed }, 'player seated in a room on another node');
  }
}
