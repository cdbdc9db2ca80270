import type { WelcomeMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { buildWelcome } from '../net/welcome';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import { generateRoomCode } from '../rooms/room-code';
import type { RoomManager } from '../rooms/room-manager';
import { restoreRoom, snapshotRoom } from '../rooms/room-snapshot';
import type { ClusterServices } from './cluster-services';
import type { ClusterNotice, ClusterRequest } from './node-messenger';
import { ROOM_LEASE_TTL_MS, type RoomInfo } from './room-directory';
import { StandingsTracker } from '../classroom/standings';
import type { ActionResult, Conditions, TeacherAction } from '../classroom/teacher-action';

/** What the owner answers a join or resume relayed by another node. */
export type RemoteJoinReply =
  | { ok: true; code: string; slot: number; resumeToken: string; resumed: boolean; welcome: WelcomeMessage }
  | { ok: false; code: ErrorCode; message: string };

/** Where a room lives, as far as this node can tell. */
export type RoomLocation = { kind: 'local'; room: Room } | { kind: 'remote'; owner: string } | { kind: 'missing' };

/** What the coordinator needs from the socket edge. */
export interface CoordinatorHooks {
  sendRoster(room: Room): void;
  /** A room this node just took over: seat its local sockets in it, as local players. */
  adoptLocalSeats(room: Room): void;
  /** The room moved to another owner: re-attach this node's sockets there. */
  moveRemoteSeats(code: string, newOwner: string): Promise<void>;
  /** Codes of remote rooms this node has sockets in, with the owner they were seated with. */
  remoteRooms(): Map<string, string>;
  /** This node lost a room it thought it owned (split brain after a Redis outage). */
  dropLostRoom(room: Room): void;
  /** A teacher action (or view, action null) relayed from the node the teacher called. */
  teacherRequest(code: string, action: TeacherAction | null): Promise<ActionResult>;
  /** The owner asks this node to impair one of its sockets seated in the owner's room. */
  applyRemoteConditions(code: string, slot: number, conditions: Conditions): void;
}

/** Sessions outlive the resume grace by a margin; they are refreshed every save. */
const SESSION_TTL_MS = 10 * 60_000;
const SNAPSHOT_TTL_MS = 10 * 60_000;

/**
 * This node's part of the cluster: it allocates cluster-unique room codes, finds where a room
 * lives, answers joins and inputs relayed by other nodes for rooms it owns, and once a second
 * renews its leases, saves its rooms, heartbeats, and takes over rooms whose owner died.
 */
export class ClusterCoordinator {
  /** Per owned room: slots whose player sits on another node, and which. */
  private readonly remoteSeats = new Map<string, Map<number, string>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private lastDutyError = '';
  takeovers = 0;
  private readonly standings = new StandingsTracker();
  /** world.deliveredTotal of each owned room at its last save (see saveIfScored). */
  private readonly savedDeliveries = new Map<string, number>();

  constructor(
    private readonly services: ClusterServices,
    private readonly rooms: RoomManager,
    private readonly config: NodeConfig,
    private publicUrl: string,
    private readonly log: Logger,
    private readonly nowMs: () => number,
    private readonly hooks: CoordinatorHooks,
  ) {}

  /** The URL registered for discovery (known once the node listens). */
  setPublicUrl(url: string): void {
    this.publicUrl = url;
  }

  roomInfo(code: string): Promise<RoomInfo | null> {
    return this.services.directory.info(code);
  }

  redisReady(): boolean {
    return this.services.redisReady();
  }

  get nodeId(): string {
    return this.config.nodeId;
  }

  get enabled(): boolean {
    return this.services.enabled;
  }

  async start(): Promise<void> {
    if (this.services.messenger !== null) {
      await this.services.messenger.start({
        onRequest: (from, request) => this.onRequest(from, request),
        onNotice: (from, notice) => this.onNotice(from, notice),
        onInput: (code, slot, seq, tick, buttons) => {
          this.rooms.get(code)?.acceptInput(slot, seq, tick, buttons);
        },
      });
    }
    await this.duties();
    this.timer = setInterval(() => void this.duties(), 1000);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.services.registry.remove(this.nodeId).catch(() => undefined);
  }

  /** A fresh code no node in the cluster uses, with this node as the owner. */
  async allocateRoomCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateRoomCode();
      if (this.rooms.get(code) !== undefined) continue;
      if (await this.services.directory.claim(code, this.nodeId, ROOM_LEASE_TTL_MS)) return code;
    }
    throw new Error('Could not allocate a free room code');
  }

  async locate(code: string): Promise<RoomLocation> {
    const local = this.rooms.get(code);
    if (local !== undefined) return { kind: 'local', room: local };
    if (!this.services.enabled) return { kind: 'missing' };
    const owner = await this.services.directory.ownerOf(code);
    if (owner !== null && owner !== this.nodeId) return { kind: 'remote', owner };
    const taken = await this.takeOver(code);
    return taken === null ? { kind: 'missing' } : { kind: 'local', room: taken };
  }

  async locateToken(token: string): Promise<RoomLocation & { code?: string }> {
    const local = this.rooms.roomOfToken(token);
    if (local !== undefined) return { kind: 'local', room: local };
    if (!this.services.enabled) return { kind: 'missing' };
    const session = await this.services.sessions.get(token);
    if (session === null) return { kind: 'missing' };
    return { ...(await this.locate(session.code)), code: session.code };
  }

  remoteJoin(owner: string, code: string, name: string): Promise<RemoteJoinReply> {
    return this.messenger().request<RemoteJoinReply>(owner, { kind: 'join', code, name, viaNode: this.nodeId });
  }

  remoteResume(owner: string, token: string): Promise<RemoteJoinReply> {
    return this.messenger().request<RemoteJoinReply>(owner, { kind: 'resume', token, viaNode: this.nodeId });
  }

  relayInput(owner: string, code: string, slot: number, seq: number, tick: number, buttons: number): void {
    this.services.messenger?.relayInput(owner, code, slot, seq, tick, buttons);
  }

  notify(owner: string, notice: ClusterNotice): void {
    this.services.messenger?.notify(owner, notice);
  }

  /** Players of this room sitting on other nodes: 0 means the snapshot stays local (no publish). */
  remoteSeatCount(code: string): number {
    return this.remoteSeats.get(code)?.size ?? 0;
  }

  /** The session behind a resume token, from this node's rooms or the cluster's store. */
  async sessionOf(token: string): Promise<{ code: string; slot: number; name: string } | null> {
    const room = this.rooms.roomOfToken(token);
    if (room !== undefined) {
      const slot = room.slotOfToken(token);
      if (slot >= 0) return { code: room.code, slot, name: room.names[slot] };
    }
    return this.services.sessions.get(token).catch(() => null);
  }

  /** A local player joined or resumed: remember the session cluster-wide. */
  rememberSession(room: Room, slot: number): void {
    if (!this.services.enabled) return;
    this.services.sessions
      .put(room.tokens[slot], { code: room.code, slot, name: room.names[slot] }, SESSION_TTL_MS)
      .catch(() => undefined);
  }

  forgetSession(token: string): void {
    if (!this.services.enabled || token.length === 0) return;
    this.services.sessions.delete(token).catch(() => undefined);
  }

  /** The services this node's API reads (leaderboards, response cache). */
  get shared(): ClusterServices {
    return this.services;
  }

  /**
   * Publishes the boards of rooms whose ranking changed. Runs once a second with the other
   * duties, and right away when asked (a teacher action), so the API never lags far behind.
   */
  async publishStandings(): Promise<void> {
    const now = Date.now();
    for (const room of [...this.rooms.values()]) {
      const { board, changed } = this.standings.update(room, now);
      if (changed) await this.services.leaderboards.publish(board);
    }
  }

  /**
   * Called every tick: a delivery changed a score, so save the room now rather than at the next
   * duty (up to a second later). A crash in between restored the room from the older save and
   * took the points back (issue #8: chaos saw a score go 1279 -> 1096 on failover). Deliveries
   * are a few a minute per player, so this costs little; the write leaves in the same tick.
   */
  saveIfScored(room: Room): void {
    if (!this.services.enabled) return;
    const total = room.world.deliveredTotal;
    if (this.savedDeliveries.get(room.code) === total) return;
    this.savedDeliveries.set(room.code, total);
    this.services.snapshots.save(room.code, snapshotRoom(room), SNAPSHOT_TTL_MS).catch(() => undefined);
  }

  /** A room closed here: give its lease and saved state up. */
  roomClosed(code: string): void {
    this.savedDeliveries.delete(code);
    this.standings.forget(code);
    this.services.leaderboards.remove(code).catch(() => undefined);
    this.remoteSeats.delete(code);
    if (!this.services.enabled) return;
    this.services.directory.release(code, this.nodeId).catch(() => undefined);
    this.services.snapshots.delete(code).catch(() => undefined);
  }

  /**
   * Claims a room nobody holds and restores it from its last saved snapshot. Returns null when
   * another node got there first or there is nothing to restore.
   */
  async takeOver(code: string): Promise<Room | null> {
    if (!this.services.enabled) return null;
    const existing = this.rooms.get(code);
    if (existing !== undefined) return existing;
    if (!(await this.services.directory.claim(code, this.nodeId, ROOM_LEASE_TTL_MS))) return null;
    const snapshot = await this.services.snapshots.load(code);
    if (snapshot === null) {
      await this.services.directory.release(code, this.nodeId);
      return null;
    }
    if (this.rooms.get(code) !== undefined) return this.rooms.get(code)!;
    const room = restoreRoom(snapshot, this.nowMs());
    room.forceKeyframe();
    this.rooms.adopt(room);
    this.takeovers++;
    this.log.warn({ room: code, players: room.playerCount }, 'took over a room whose owner stopped answering');
    this.hooks.adoptLocalSeats(room);
    return room;
  }

  private messenger() {
    const messenger = this.services.messenger;
    if (messenger === null) throw new Error('cluster messaging needs Redis');
    return messenger;
  }

  /** The node a player's connection is on: this one, or the one that relayed the join. */
  nodeOfSlot(code: string, slot: number): string {
    return this.remoteSeats.get(code)?.get(slot) ?? this.nodeId;
  }

  /** RTTs that other nodes measured to their players in this node's rooms. */
  readonly remoteRttMs = new Map<string, number>();

  teacherRequest(owner: string, code: string, action: TeacherAction | null): Promise<ActionResult> {
    return this.messenger().request<ActionResult>(owner, { kind: 'teacher', code, action });
  }

  private async onRequest(_from: string, request: ClusterRequest): Promise<RemoteJoinReply | ActionResult> {
    if (request.kind === 'teacher') return this.hooks.teacherRequest(request.code, request.action);
    if (request.kind === 'join' || request.kind === 'resume') {
      let room: Room | undefined;
      let result;
      if (request.kind === 'join') {
        room = this.rooms.get(request.code);
        if (room === undefined) return { ok: false, code: ErrorCode.ROOM_NOT_FOUND, message: `There is no room "${request.code}".` };
        result = room.join(request.name, this.nowMs());
        if (result.ok) this.rooms.rememberToken(result.resumeToken, room.code);
      } else {
        room = this.rooms.roomOfToken(request.token);
        if (room === undefined) return { ok: false, code: ErrorCode.SESSION_EXPIRED, message: 'That session has expired; join again.' };
        result = room.resume(request.token);
      }
      if (!result.ok) return result;
      let seats = this.remoteSeats.get(room.code);
      if (seats === undefined) {
        seats = new Map();
        this.remoteSeats.set(room.code, seats);
      }
      seats.set(result.slot, request.viaNode);
      // The joiner's node subscribed to the room's channel before asking; a keyframe to the
      // whole room reaches it in order with the deltas that follow.
      room.forceKeyframe();
      this.rememberSession(room, result.slot);
      this.hooks.sendRoster(room);
      this.log.info({ room: room.code, slot: result.slot, via: request.viaNode, resumed: result.resumed }, 'remote player seated');
      const welcome = buildWelcome(room, result.slot, result.resumeToken, this.nodeId, this.config.snapshotCodec);
      return { ok: true, code: room.code, slot: result.slot, resumeToken: result.resumeToken, resumed: result.resumed, welcome };
    }
    return { ok: false, code: ErrorCode.BAD_REQUEST, message: 'Unknown cluster request.' };
  }

  private onNotice(from: string, notice: ClusterNotice): void {
    if (notice.kind === 'conditions') {
      this.hooks.applyRemoteConditions(notice.code, notice.slot, notice.conditions);
      return;
    }
    const room = this.rooms.get(notice.code);
    if (room === undefined) return;
    if (notice.kind === 'resync') {
      room.forceKeyframe();
      return;
    }
    if (notice.kind === 'rtt') {
      if (this.remoteSeats.get(room.code)?.get(notice.slot) === from) this.remoteRttMs.set(`${room.code}:${notice.slot}`, notice.rttMs);
      return;
    }
    const seats = this.remoteSeats.get(room.code);
    if (seats?.get(notice.slot) !== from || room.tokens[notice.slot] !== notice.token) return;
    seats.delete(notice.slot);
    if (notice.kind === 'leave') {
      room.leave(notice.slot, this.nowMs());
      this.forgetSession(notice.token);
    } else {
      room.disconnect(notice.slot, this.nowMs());
    }
    this.hooks.sendRoster(room);
  }

  /** Once a second; never overlaps itself, and a Redis outage only logs (once per change). */
  private async duties(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.heartbeat();
      await this.publishStandings();
      if (this.services.enabled) {
        await this.keepOwnedRooms();
        await this.dropSeatsOfDeadNodes();
        await this.followRemoteRooms();
      }
      if (this.lastDutyError !== '') this.log.info('cluster duties back to normal');
      this.lastDutyError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastDutyError) this.log.warn({ err: message }, 'cluster duties failed; local rooms keep ticking');
      this.lastDutyError = message;
    } finally {
      this.running = false;
    }
  }

  private async heartbeat(): Promise<void> {
    await this.services.registry.heartbeat({
      id: this.nodeId,
      url: this.publicUrl,
      rooms: this.rooms.size,
      players: this.rooms.playerCount(),
      load: 0,
      startedAtEpochMs: 0,
    });
  }

  private async keepOwnedRooms(): Promise<void> {
    const { directory, snapshots } = this.services;
    for (const room of [...this.rooms.values()]) {
      let held = await directory.renew(room.code, this.nodeId, ROOM_LEASE_TTL_MS);
      // Redis restarted empty: the lease is gone but nobody else took it; claim it back.
      if (!held) held = await directory.claim(room.code, this.nodeId, ROOM_LEASE_TTL_MS);
      if (!held) {
        this.log.warn({ room: room.code }, 'lost a room to another node; handing its players over');
        this.hooks.dropLostRoom(room);
        continue;
      }
      await snapshots.save(room.code, snapshotRoom(room), SNAPSHOT_TTL_MS);
      await directory.publishInfo(
        {
          code: room.code,
          owner: this.nodeId,
          players: room.playerCount,
          capacity: room.capacity,
          phase: room.phaseName(),
          locked: room.locked,
        },
        ROOM_LEASE_TTL_MS,
      );
      for (let slot = 0; slot < room.capacity; slot++) if (room.world.active[slot]) this.rememberSession(room, slot);
    }
  }

  /** Players seated through a node that stopped heartbeating are dropped (their grace starts). */
  private async dropSeatsOfDeadNodes(): Promise<void> {
    if (this.remoteSeats.size === 0) return;
    const live = new Set((await this.services.registry.list()).map((n) => n.id));
    for (const [code, seats] of this.remoteSeats) {
      const room = this.rooms.get(code);
      if (room === undefined) {
        this.remoteSeats.delete(code);
        continue;
      }
      let changed = false;
      for (const [slot, via] of seats) {
        if (live.has(via)) continue;
        seats.delete(slot);
        room.disconnect(slot, this.nowMs());
        changed = true;
      }
      if (changed) this.hooks.sendRoster(room);
    }
  }

  /** Rooms this node has players in but does not own: is their owner still there? */
  private async followRemoteRooms(): Promise<void> {
    for (const [code, seatedOwner] of this.hooks.remoteRooms()) {
      const owner = await this.services.directory.ownerOf(code);
      if (owner === null) await this.takeOver(code);
      else if (owner !== seatedOwner && owner !== this.nodeId) await this.hooks.moveRemoteSeats(code, owner);
    }
  }
}
