import { timingSafeEqual, createHash } from 'node:crypto';
import { Phase } from '../../shared/sim/constants';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { RoomHandover } from '../cluster/room-handover';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import { ControlEvent, type ErrorMessage, type KickedMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomChannel } from '../seats/room-channel';
import { bareLink, type SeatRegistry } from '../seats/seat-registry';
import type { AuthTokens } from '../security/auth-tokens';
import { revokePlayerSession } from '../cluster/session-revocation';
import type { BotHost, BotSeat } from './bot-host';
import { TeacherActionSchema, type ActionResult, type Conditions, type RoomView, type TeacherAction } from './teacher-action';

export type CreateClassroomResult =
  | { ok: true; code: string; teacherToken: string }
  | { ok: false; status: number; code: string; message: string };

export interface ClassroomDeps {
  rooms: RoomManager;
  cluster: ClusterCoordinator;
  seats: SeatRegistry;
  channel: RoomChannel;
  bots: BotHost;
  /** Rooms arriving here from a save (a takeover, a drain, a restart) bring their bots along. */
  handover: RoomHandover;
  auth: AuthTokens;
  config: NodeConfig;
  log: Logger;
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The teacher's side of a room: classroom rooms wait in the lobby until the teacher starts a
 * round. Actions run on the room's owner; a request that reached another node is relayed
 * there, so any node answers any teacher request.
 */
export class ClassroomService {
  constructor(private readonly deps: ClassroomDeps) {
    // Requests other nodes relay for rooms this node owns crossed a process boundary:
    // validated again here, like any input.
    deps.cluster.serveTeacherRequests(async (code, action) => {
      if (action === null) return this.runLocally(code, null);
      const parsed = TeacherActionSchema.safeParse(action);
      if (!parsed.success) return { ok: false, status: 400, code: 'VALIDATION', message: 'Malformed relayed teacher action.' } satisfies ActionResult;
      return this.runLocally(code, parsed.data);
    });
    // The teacher's bots are players of the room, not of a node: they move with it.
    deps.handover.onRestored = (room) => {
      // Saves hold no resume tokens (issue #13): each bot's seat gets a fresh one to resume with.
      const seats: BotSeat[] = [];
      for (const slot of room.serverBots) {
        const seat = deps.seats.at(room.code, slot);
        if (seat !== null) seats.push({ token: deps.seats.reissue(seat).token, name: room.names[slot] });
      }
      const resumed = deps.bots.resume(room.code, seats);
      if (seats.length > 0) deps.log.info({ room: room.code, bots: seats.length, resumed }, 'resumed the bots of a room that moved here');
    };
    deps.handover.onLost = (code) => deps.bots.forget(code);
  }

  async createClassroom(password: string | undefined): Promise<CreateClassroomResult> {
    const required = this.deps.config.teacherPassword;
    if (required !== undefined && (password === undefined || !sameSecret(password, required))) {
      return { ok: false, status: 401, code: 'TEACHER_PASSWORD', message: 'Creating a classroom needs the teacher password.' };
    }
    const { rooms, cluster } = this.deps;
    if (rooms.size >= rooms.maxRooms) return { ok: false, status: 503, code: 'TOO_MANY_ROOMS', message: 'This node hosts as many rooms as it may.' };
    const code = cluster.enabled ? await cluster.allocateRoomCode() : undefined;
    const created = rooms.create({ code, mode: 'teacher' });
    if (!created.ok) return { ok: false, status: 503, code: 'TOO_MANY_ROOMS', message: 'This node hosts as many rooms as it may.' };
    this.deps.log.info({ room: created.room.code }, 'classroom opened');
    return { ok: true, code: created.room.code, teacherToken: await this.deps.auth.signTeacher(created.room.code) };
  }

  /** Runs an action (or, with null, reads the teacher's view) wherever the room lives. */
  async run(code: string, action: TeacherAction | null): Promise<ActionResult> {
    if (this.deps.rooms.get(code) !== undefined) return this.runLocally(code, action);
    const where = await this.deps.cluster.locate(code);
    if (where.kind === 'local') return this.runLocally(code, action);
    if (where.kind === 'missing') return { ok: false, status: 404, code: 'ROOM_NOT_FOUND', message: `There is no room "${code}".` };
    try {
      return await this.deps.cluster.teacherRequest<ActionResult>(where.owner, code, action);
    } catch {
      return { ok: false, status: 503, code: 'TRY_AGAIN', message: "The room's server did not answer; try again." };
    }
  }

  private async runLocally(code: string, action: TeacherAction | null): Promise<ActionResult> {
    const room = this.deps.rooms.get(code);
    if (room === undefined) return { ok: false, status: 404, code: 'ROOM_NOT_FOUND', message: `There is no room "${code}".` };
    if (action !== null) {
      const refused = this.apply(room, action);
      if (refused !== null) return refused;
      // On the replay's timeline (issue 14); what the action did to the world is recorded by the room.
      room.recorder.teacher(action.action, 'playerId' in action ? (action.playerId ?? null) : null, action.action === 'conditions' ? action.conditions : null);
      this.deps.log.info({ room: code, action: action.action }, 'teacher action');
      await this.deps.cluster.publishStandings().catch(() => undefined);
    }
    return { ok: true, room: this.view(room) };
  }

  private apply(room: Room, action: TeacherAction): ActionResult | null {
    const { bots } = this.deps;
    switch (action.action) {
      case 'start':
        // A second click, a second teacher tab or a stale page must not wipe a running round.
        if (room.world.phase === Phase.Playing && action.restart !== true) {
          return { ok: false, status: 409, code: 'ROUND_RUNNING', message: `Round ${room.world.round} is running; restart it to start over (scores go back to 0).` };
        }
        if (action.roundSeconds !== undefined) room.world.config.roundSeconds = action.roundSeconds;
        room.startRound();
        return null;
      case 'end':
        if (room.world.phase === Phase.Playing) room.endRound();
        return null;
      case 'lock':
        room.locked = true;
        return null;
      case 'unlock':
        room.locked = false;
        return null;
      case 'kick':
        if (!room.world.active[action.playerId]) {
          return { ok: false, status: 404, code: 'PLAYER_NOT_FOUND', message: `No player ${action.playerId} in room ${room.code}.` };
        }
        this.kick(room, action.playerId, 'The teacher removed you from this room.');
        return null;
      case 'readmit':
        if (!room.removals.readmit(action.removalId)) {
          return { ok: false, status: 404, code: 'NOT_REMOVED', message: `Nobody with removal ${action.removalId} is kept out of room ${room.code}.` };
        }
        return null;
      case 'bots':
        if (action.remove > 0) bots.remove(room.code, action.remove);
        if (action.add > 0 && bots.add(room.code, Math.min(action.add, room.capacity - room.playerCount)) === 0) {
          return { ok: false, status: 409, code: 'NO_ROOM_FOR_BOTS', message: 'The room (or this node) has no room for more bots.' };
        }
        return null;
      case 'conditions':
        return this.imposeConditions(room, action.playerId, action.conditions);
    }
  }

  /**
   * The teacher's network lesson: conditions on one player, or (no playerId) on everyone in
   * this room and nobody else (issue #13: never the node's other rooms). They live with the
   * seat, so they hold across a drop and a resume, and an offline player's can be cleared.
   */
  private imposeConditions(room: Room, playerId: number | undefined, conditions: Conditions): ActionResult | null {
    const { seats, cluster } = this.deps;
    if (playerId === undefined) {
      seats.imposeOnRoom(room.code, conditions);
      for (const seat of seats.seatsOf(room.code)) {
        if (seat !== null && seat.link === null && seat.via !== '') {
          cluster.notify(seat.via, { kind: 'conditions', code: room.code, slot: seat.slot, conditions: seats.conditionsOf(seat) ?? clearConditions() });
        }
      }
      return null;
    }
    const seat = seats.at(room.code, playerId);
    if (seat === null || !room.world.active[playerId]) {
      return { ok: false, status: 404, code: 'PLAYER_NOT_FOUND', message: `No player ${playerId} in room ${room.code}.` };
    }
    seats.impose(seat, conditions);
    if (seat.link === null && seat.via !== '') {
      cluster.notify(seat.via, { kind: 'conditions', code: room.code, slot: playerId, conditions: seats.conditionsOf(seat) ?? clearConditions() });
    }
    return null;
  }

  /**
   * Removes a player: everyone is told, the player's client stops, the seat is freed, and their
   * device is kept out of the room until the teacher lets it back in.
   */
  private kick(room: Room, slot: number, message: string): void {
    const { seats, channel, cluster } = this.deps;
    room.removals.remove(slot, room.names[slot], Date.now());
    channel.send(room.code, ControlEvent.Kicked, { playerId: slot, message } satisfies KickedMessage);
    const seat = seats.at(room.code, slot);
    if (seat !== null) {
      const link = seat.link;
      seats.free(seat);
      cluster.forgetSession(seat.sessionId);
      // Its player tokens (the stateless API's) stop working on every node at once (issue #13).
      void revokePlayerSession(cluster.shared.sessions, seat.sessionId, this.deps.auth.playerTokenTtlMs, this.deps.log);
      if (link !== null) {
        // Past any impairment: the player must learn why before the connection closes.
        const bare = bareLink(link);
        bare.sendControl(ControlEvent.Error, { code: ErrorCode.KICKED, message, fatal: true } satisfies ErrorMessage);
        setTimeout(() => bare.disconnect(), 100);
      }
    }
    room.leave(slot, performance.now());
    channel.roster(room);
  }

  view(room: Room): RoomView {
    const { bots, cluster, seats } = this.deps;
    const world = room.world;
    const players: RoomView['players'] = [];
    for (let slot = 0; slot < room.capacity; slot++) {
      if (!world.active[slot]) continue;
      const seat = seats.at(room.code, slot);
      const rtt = seat?.rttMs ?? Number.NaN;
      players.push({
        id: slot,
        name: room.names[slot],
        score: world.score[slot],
        deliveries: world.deliveries[slot],
        carrying: world.carrying[slot],
        connected: world.connected[slot] === 1,
        bot: room.serverBots.has(slot),
        rttMs: Number.isFinite(rtt) ? Math.round(rtt) : null,
        node: seat === null || seat.via === '' ? cluster.nodeId : seat.via,
        conditions: seat === null ? null : seats.conditionsOf(seat),
      });
    }
    players.sort((a, b) => b.score - a.score || a.id - b.id);
    const ticksLeft = world.phaseEndTick > world.tick ? world.phaseEndTick - world.tick : 0;
    return {
      code: room.code,
      owner: cluster.nodeId,
      phase: room.phaseName(),
      round: world.round,
      tick: world.tick,
      roundSecondsLeft: Math.ceil(ticksLeft / world.config.tickRateHz),
      roundSeconds: world.config.roundSeconds,
      locked: room.locked,
      capacity: room.capacity,
      bots: bots.botsIn(room.code),
      nodeConditions: seats.roomConditionsOf(room.code),
      players,
      removed: room.removals.list(),
    };
  }
}

function clearConditions(): Conditions {
  return { latencyMs: 0, jitterMs: 0, lossPct: 0 };
}
