import { timingSafeEqual, createHash } from 'node:crypto';
import { Phase } from '../../shared/sim/constants';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import type { Gateway } from '../net/gateway';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { AuthTokens } from '../security/auth-tokens';
import { revokePlayerSession } from '../security/session-revocation';
import type { BotHost } from './bot-host';
import type { ActionResult, Conditions, RoomView, TeacherAction } from './teacher-action';

export type CreateClassroomResult =
  | { ok: true; code: string; teacherToken: string }
  | { ok: false; status: number; code: string; message: string };

export interface ClassroomDeps {
  rooms: RoomManager;
  cluster: ClusterCoordinator;
  /** The socket edge, built after the HTTP app (hence a getter). */
  gateway: () => Gateway;
  bots: BotHost;
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
  constructor(private readonly deps: ClassroomDeps) {}

  /** Lets the gateway answer teacher requests other nodes relay for rooms this node owns. */
  attachGateway(): void {
    this.deps.gateway().teacherHandler = (code, action) => this.runLocally(code, action);
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
      return await this.deps.cluster.teacherRequest(where.owner, code, action);
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
      this.deps.log.info({ room: code, action: action.action }, 'teacher action');
      await this.deps.cluster.publishStandings().catch(() => undefined);
    }
    return { ok: true, room: this.view(room) };
  }

  private apply(room: Room, action: TeacherAction): ActionResult | null {
    const { bots, cluster } = this.deps;
    const gateway = this.deps.gateway();
    switch (action.action) {
      case 'start':
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
      case 'kick': {
        if (!room.world.active[action.playerId]) {
          return { ok: false, status: 404, code: 'PLAYER_NOT_FOUND', message: `No player ${action.playerId} in room ${room.code}.` };
        }
        const token = room.tokens[action.playerId];
        gateway.kick(room, action.playerId, 'The teacher removed you from this room.');
        room.leave(action.playerId, performance.now());
        this.deps.rooms.forgetToken(token);
        cluster.forgetSession(token);
        void revokePlayerSession(cluster.shared.sessions, token, this.deps.auth.playerTokenTtlMs, this.deps.log);
        gateway.sendRoster(room);
        return null;
      }
      case 'bots':
        if (action.remove > 0) bots.remove(room.code, action.remove);
        if (action.add > 0 && bots.add(room.code, Math.min(action.add, room.capacity - room.playerCount)) === 0) {
          return { ok: false, status: 409, code: 'NO_ROOM_FOR_BOTS', message: 'The room (or this node) has no room for more bots.' };
        }
        return null;
      case 'conditions': {
        if (action.playerId === undefined) {
          gateway.setNodeConditions(action.conditions);
          return null;
        }
        if (!room.world.active[action.playerId]) {
          return { ok: false, status: 404, code: 'PLAYER_NOT_FOUND', message: `No player ${action.playerId} in room ${room.code}.` };
        }
        if (!gateway.setPlayerConditions(room, action.playerId, action.conditions)) {
          const via = cluster.nodeOfSlot(room.code, action.playerId);
          if (via === cluster.nodeId) return { ok: false, status: 409, code: 'PLAYER_OFFLINE', message: 'That player is not connected right now.' };
          cluster.notify(via, { kind: 'conditions', code: room.code, slot: action.playerId, conditions: action.conditions });
          this.remoteConditions.set(`${room.code}:${action.playerId}`, action.conditions);
        }
        return null;
      }
    }
  }

  /** Conditions set on players whose connection is on another node (that node applies them). */
  private readonly remoteConditions = new Map<string, Conditions>();

  view(room: Room): RoomView {
    const { bots, cluster } = this.deps;
    const gateway = this.deps.gateway();
    const world = room.world;
    const players: RoomView['players'] = [];
    for (let slot = 0; slot < room.capacity; slot++) {
      if (!world.active[slot]) continue;
      const node = cluster.nodeOfSlot(room.code, slot);
      const local = node === cluster.nodeId;
      players.push({
        id: slot,
        name: room.names[slot],
        score: world.score[slot],
        deliveries: world.deliveries[slot],
        carrying: world.carrying[slot],
        connected: world.connected[slot] === 1,
        bot: bots.isBot(room.code, slot),
        rttMs: local ? gateway.rttOf(room, slot) : (cluster.remoteRttMs.get(`${room.code}:${slot}`) ?? null),
        node,
        conditions: local ? gateway.conditionsOf(room, slot) : (this.remoteConditions.get(`${room.code}:${slot}`) ?? null),
      });
    }
    players.sort((a, b) => b.score - a.score || a.id - b.id);
    const ticksLeft = world.phaseEndTick > world.tick ? world.phaseEndTick - world.tick : 0;
    return {
      code: room.code,
      owner: cluster.nodeId,
      phase: room.phaseName(),
      round: world.round,
      roundSecondsLeft: Math.ceil(ticksLeft / world.config.tickRateHz),
      roundSeconds: world.config.roundSeconds,
      locked: room.locked,
      capacity: room.capacity,
      bots: bots.botsIn(room.code),
      nodeConditions: gateway.nodeConditions,
      players,
    };
  }
}
