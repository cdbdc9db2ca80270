import { ErrorCode } from '../../shared/protocol/error-code';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import { buildWelcome } from '../rooms/welcome';
import type { RoomChannel } from '../seats/room-channel';
import { retireLink } from '../seats/retire-link';
import type { Seat } from '../seats/seat';
import type { SeatRegistry } from '../seats/seat-registry';
import type { NodeIdentity } from './node-identity';
import type { NodeInfo } from './node-registry';
import type { ClusterNotice, ClusterRequest } from './node-messenger';
import type { RemoteJoinReply } from './remote-join-reply';

export interface RemoteSeatingDeps {
  identity: NodeIdentity;
  rooms: RoomManager;
  seats: SeatRegistry;
  channel: RoomChannel;
  config: NodeConfig;
  log: Logger;
  nowMs: () => number;
  rememberSession(seat: Seat): void;
  forgetSession(sessionId: string): void;
  /** Resolves once rooms being restored here are in (RoomTakeover.settled). */
  restored(): Promise<void>;
}

/**
 * The owner's side of players whose socket is on another node: joins and resumes those nodes
 * relay, and the notices that follow (left, dropped, RTT, keyframe wanted). The seat is made
 * and kept here, in the owner's registry, with `via` naming the carrying node; and the owner
 * tells a carrying node what to do to its link (the teacher's conditions).
 */
export class RemoteSeating {
  /** Answers teacher requests relayed by other nodes (set by the classroom service). */
  teacherHandler: ((code: string, action: unknown) => Promise<unknown>) | null = null;

  constructor(private readonly deps: RemoteSeatingDeps) {}

  async onRequest(_from: string, request: ClusterRequest): Promise<unknown> {
    // The asker may have seen this node claim the room a moment before it finished restoring it.
    await this.deps.restored();
    if (request.kind === 'teacher') {
      if (this.teacherHandler === null) return { ok: false, status: 503, code: 'UNAVAILABLE', message: 'Classroom actions are not available on this node.' };
      return this.teacherHandler(request.code, request.action);
    }
    if (request.kind === 'join') return this.join(request.code, request.name, request.viaNode, request.viaIncarnation, request.device);
    if (request.kind === 'resume') return this.resume(request.token, request.viaNode, request.viaIncarnation);
    return { ok: false, code: ErrorCode.BAD_REQUEST, message: 'Unknown cluster request.' } satisfies RemoteJoinReply;
  }

  onNotice(from: string, notice: ClusterNotice): void {
    const { seats, rooms } = this.deps;
    if (notice.kind === 'conditions') {
      // owner -> this node: impair (or clear) the link this node carries for that seat.
      const mirror = seats.at(notice.code, notice.slot);
      if (mirror !== null && mirror.owner === from && mirror.link !== null) seats.impose(mirror, notice.conditions);
      return;
    }
    // A drained room to adopt is the coordinator's (it restores rooms); nothing to seat here.
    if (notice.kind === 'adopt') return;
    const room = rooms.get(notice.code);
    if (room === undefined) return;
    if (notice.kind === 'resync') {
      room.forceKeyframe();
      return;
    }
    const seat = seats.at(notice.code, notice.slot);
    if (seat === null || seat.via !== from) return;
    if (notice.kind === 'rtt') {
      seat.rttMs = notice.rttMs;
      return;
    }
    if (seat.sessionId !== notice.session) return;
    if (notice.kind === 'leave') {
      seats.free(seat);
      room.leave(notice.slot, this.deps.nowMs());
      this.deps.forgetSession(notice.session);
    } else {
      seats.detach(seat);
      room.disconnect(notice.slot, this.deps.nowMs());
    }
    this.deps.channel.roster(room);
  }

  /**
   * Players seated through a node that stopped heartbeating, or that restarted (another
   * incarnation carries none of the old one's sockets), are dropped: their grace starts.
   */
  dropSeatsVia(room: Room, liveNodes: ReadonlyMap<string, NodeInfo>): void {
    let changed = false;
    for (const seat of this.deps.seats.seatsOf(room.code)) {
      if (seat === null || seat.link !== null || seat.via === '') continue;
      const carrier = liveNodes.get(seat.via);
      if (carrier !== undefined && (seat.viaIncarnation === '' || carrier.incarnation === seat.viaIncarnation)) continue;
      this.deps.seats.detach(seat);
      room.disconnect(seat.slot, this.deps.nowMs());
      changed = true;
    }
    if (changed) this.deps.channel.roster(room);
  }

  private join(code: string, name: string, via: string, viaIncarnation: string, device: string | undefined): RemoteJoinReply {
    const room = this.deps.rooms.get(code);
    if (room === undefined) return { ok: false, code: ErrorCode.ROOM_NOT_FOUND, message: `There is no room "${code}".` };
    // The device crossed a process boundary: only a well-formed one is compared.
    const result = room.join(name, this.deps.nowMs(), typeof device === 'string' && device.length <= 64 ? device : undefined);
    if (!result.ok) return result;
    const seat = this.deps.seats.open(code, result.slot, via, null);
    seat.viaIncarnation = viaIncarnation;
    return this.seated(room, seat, via, false);
  }

  private resume(token: string, via: string, viaIncarnation: string): RemoteJoinReply {
    const seat = this.deps.seats.byResumeToken(token);
    const room = seat === undefined || seat.owner !== this.deps.config.nodeId ? undefined : this.deps.rooms.get(seat.code);
    if (seat === undefined || room === undefined) return { ok: false, code: ErrorCode.SESSION_EXPIRED, message: 'That session has expired; join again.' };
    const result = room.reconnect(seat.slot);
    if (!result.ok) return result;
    const previous = this.deps.seats.attach(seat, via, null);
    seat.viaIncarnation = viaIncarnation;
    if (previous !== null) retireLink(previous);
    return this.seated(room, seat, via, true);
  }

  private seated(room: Room, seat: Seat, via: string, resumed: boolean): RemoteJoinReply {
    // The joiner's node subscribed to the room's channel before asking; a keyframe to the
    // whole room reaches it in order with the deltas that follow.
    room.forceKeyframe();
    this.deps.rememberSession(seat);
    this.deps.channel.roster(room);
    this.deps.log.info({ room: room.code, slot: seat.slot, via, resumed }, 'remote player seated');
    const { nodeId, snapshotCodec } = this.deps.config;
    return {
      ok: true,
      code: room.code,
      slot: seat.slot,
      resumeToken: seat.token,
      resumed,
      ownerIncarnation: this.deps.identity.incarnation,
      welcome: buildWelcome(room, seat.slot, seat.token, nodeId, snapshotCodec),
      conditions: this.deps.seats.conditionsOf(seat),
    };
  }
}
