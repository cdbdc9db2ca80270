import type { Logger } from '../logger';
import type { NodeConfig } from '../config';
import type { Room } from '../rooms/room';
import { generateRoomCode } from '../rooms/room-code';
import type { RoomManager } from '../rooms/room-manager';
import { restoreRoom, snapshotRoom } from '../rooms/room-snapshot';
import type { Seat } from '../seats/seat';
import type { RoomChannel } from '../seats/room-channel';
import type { SeatRegistry } from '../seats/seat-registry';
import { StandingsTracker } from './standings';
import type { ClusterServices } from './cluster-services';
import type { ClusterNotice } from './node-messenger';
import type { RemoteJoinReply } from './remote-join-reply';
import { RemoteSeating } from './remote-seating';
import type { RoomHandover } from './room-handover';
import { ROOM_LEASE_TTL_MS, type RoomInfo } from './room-directory';

/** Where a room lives, as far as this node can tell. */
export type RoomLocation = { kind: 'local'; room: Room } | { kind: 'remote'; owner: string } | { kind: 'missing' };

/** Sessions outlive the resume grace by a margin; they are refreshed every save. */
const SESSION_TTL_MS = 10 * 60_000;
const SNAPSHOT_TTL_MS = 10 * 60_000;

export interface CoordinatorDeps {
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
  channel: RoomChannel;
  handover: RoomHandover;
  config: NodeConfig;
  log: Logger;
  nowMs: () => number;
}

/**
 * This node's part of the cluster: it allocates cluster-unique room codes, finds where a room
 * lives, relays to the owners of rooms it does not own, and once a second renews its leases,
 * saves its rooms, heartbeats, and takes over rooms whose owner died. Requests other nodes send
 * for this node's rooms are answered by RemoteSeating; seats move between nodes in RoomHandover.
 */
export class ClusterCoordinator {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;
  private lastDutyError = '';
  takeovers = 0;
  private publicUrl = '';
  private readonly standings = new StandingsTracker();
  /** world.deliveredTotal of each owned room at its last save (see saveIfScored). */
  private readonly savedDeliveries = new Map<string, number>();
  private readonly remote: RemoteSeating;

  constructor(private readonly deps: CoordinatorDeps) {
    this.remote = new RemoteSeating({ ...deps, rememberSession: (seat) => this.rememberSession(seat), forgetSession: (token) => this.forgetSession(token) });
  }

  /** The URL registered for discovery (known once the node listens). */
  setPublicUrl(url: string): void {
    this.publicUrl = url;
  }

  /** Answers teacher requests other nodes relay for rooms this node owns. */
  serveTeacherRequests(handler: (code: string, action: unknown) => Promise<unknown>): void {
    this.remote.teacherHandler = handler;
  }

  roomInfo(code: string): Promise<RoomInfo | null> {
    return this.deps.services.directory.info(code);
  }

  redisReady(): boolean {
    return this.deps.services.redisReady();
  }

  get nodeId(): string {
    return this.deps.config.nodeId;
  }

  get enabled(): boolean {
    return this.deps.services.enabled;
  }

  /** The services this node's API reads (leaderboards, response cache, registry). */
  get shared(): ClusterServices {
    return this.deps.services;
  }

  async start(): Promise<void> {
    const messenger = this.deps.services.messenger;
    if (messenger !== null) {
      await messenger.start({
        onRequest: (from, request) => this.remote.onRequest(from, request),
        onNotice: (from, notice) => this.remote.onNotice(from, notice),
        onInput: (code, slot, seq, buttons) => {
          this.deps.rooms.get(code)?.acceptInput(slot, seq, buttons);
        },
      });
    }
    await this.duties();
    this.timer = setInterval(() => void this.duties(), 1000);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.deps.services.registry.remove(this.nodeId).catch(() => undefined);
  }

  /** A fresh code no node in the cluster uses, with this node as the owner. */
  async allocateRoomCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateRoomCode();
      if (this.deps.rooms.get(code) !== undefined) continue;
      if (await this.deps.services.directory.claim(code, this.nodeId, ROOM_LEASE_TTL_MS)) return code;
    }
    throw new Error('Could not allocate a free room code');
  }

  async locate(code: string): Promise<RoomLocation> {
    const local = this.deps.rooms.get(code);
    if (local !== undefined) return { kind: 'local', room: local };
    if (!this.enabled) return { kind: 'missing' };
    const owner = await this.deps.services.directory.ownerOf(code);
    if (owner !== null && owner !== this.nodeId) return { kind: 'remote', owner };
    const taken = await this.takeOver(code);
    return taken === null ? { kind: 'missing' } : { kind: 'local', room: taken };
  }

  /** Where the room of a resume token lives: this node's seats first, then the cluster's store. */
  async locateToken(token: string): Promise<RoomLocation & { code?: string }> {
    const seat = this.deps.seats.byResumeToken(token);
    if (seat !== undefined && seat.owner === this.nodeId) {
      const room = this.deps.rooms.get(seat.code);
      if (room !== undefined) return { kind: 'local', room, code: seat.code };
    }
    if (!this.enabled) return { kind: 'missing' };
    const session = await this.deps.services.sessions.get(token);
    if (session === null) return { kind: 'missing' };
    return { ...(await this.locate(session.code)), code: session.code };
  }

  remoteJoin(owner: string, code: string, name: string): Promise<RemoteJoinReply> {
    return this.messenger().request<RemoteJoinReply>(owner, { kind: 'join', code, name, viaNode: this.nodeId });
  }

  remoteResume(owner: string, token: string): Promise<RemoteJoinReply> {
    return this.messenger().request<RemoteJoinReply>(owner, { kind: 'resume', token, viaNode: this.nodeId });
  }

  relayInput(owner: string, code: string, slot: number, seq: number, buttons: number): void {
    this.deps.services.messenger?.relayInput(owner, code, slot, seq, buttons);
  }

  notify(owner: string, notice: ClusterNotice): void {
    this.deps.services.messenger?.notify(owner, notice);
  }

  teacherRequest<T>(owner: string, code: string, action: unknown): Promise<T> {
    return this.messenger().request<T>(owner, { kind: 'teacher', code, action });
  }

  /** The session behind a resume token, from this node's seats or the cluster's store. */
  async sessionOf(token: string): Promise<{ code: string; slot: number; name: string } | null> {
    const seat = this.deps.seats.byResumeToken(token);
    const room = seat === undefined ? undefined : this.deps.rooms.get(seat.code);
    if (seat !== undefined && room !== undefined) return { code: seat.code, slot: seat.slot, name: room.names[seat.slot] };
    return this.deps.services.sessions.get(token).catch(() => null);
  }

  /** A player of this node's room joined or resumed: remember the session cluster-wide. */
  rememberSession(seat: Seat): void {
    if (!this.enabled) return;
    const name = this.deps.rooms.get(seat.code)?.names[seat.slot] ?? '';
    this.deps.services.sessions.put(seat.token, { code: seat.code, slot: seat.slot, name }, SESSION_TTL_MS).catch(() => undefined);
  }

  forgetSession(token: string): void {
    if (!this.enabled || token.length === 0) return;
    this.deps.services.sessions.delete(token).catch(() => undefined);
  }

  /**
   * Publishes the boards of rooms whose ranking changed. Runs once a second with the other
   * duties, and right away when asked (a teacher action), so the API never lags far behind.
   */
  async publishStandings(): Promise<void> {
    const now = Date.now();
    for (const room of [...this.deps.rooms.values()]) {
      const { board, changed } = this.standings.update(room, now);
      if (changed) await this.deps.services.leaderboards.publish(board);
    }
  }

  /**
   * Called every tick: a delivery changed a score, so save the room now rather than at the next
   * duty (up to a second later). A crash in between restored the room from the older save and
   * took the points back (issue #8: chaos saw a score go 1279 -> 1096 on failover). Deliveries
   * are a few a minute per player, so this costs little; the write leaves in the same tick.
   */
  saveIfScored(room: Room): void {
    if (!this.enabled) return;
    const total = room.world.deliveredTotal;
    if (this.savedDeliveries.get(room.code) === total) return;
    this.savedDeliveries.set(room.code, total);
    this.deps.services.snapshots.save(room.code, this.snapshotOf(room), SNAPSHOT_TTL_MS).catch(() => undefined);
  }

  /** A room closed here: give its lease and saved state up. */
  roomClosed(code: string): void {
    this.savedDeliveries.delete(code);
    this.standings.forget(code);
    this.deps.services.leaderboards.remove(code).catch(() => undefined);
    if (!this.enabled) return;
    this.deps.services.directory.release(code, this.nodeId).catch(() => undefined);
    this.deps.services.snapshots.delete(code).catch(() => undefined);
  }

  /**
   * Claims a room nobody holds and restores it from its last saved snapshot. Returns null when
   * another node got there first or there is nothing to restore.
   */
  async takeOver(code: string): Promise<Room | null> {
    if (!this.enabled) return null;
    const { rooms, services } = this.deps;
    const existing = rooms.get(code);
    if (existing !== undefined) return existing;
    if (!(await services.directory.claim(code, this.nodeId, ROOM_LEASE_TTL_MS))) return null;
    const snapshot = await services.snapshots.load(code);
    if (snapshot === null) {
      await services.directory.release(code, this.nodeId);
      return null;
    }
    const raced = rooms.get(code);
    if (raced !== undefined) return raced;
    const { room, tokens } = restoreRoom(snapshot, this.deps.nowMs());
    room.forceKeyframe();
    rooms.adopt(room);
    this.takeovers++;
    this.deps.log.warn({ room: code, players: room.playerCount }, 'took over a room whose owner stopped answering');
    this.deps.handover.adoptRestored(room, tokens);
    return room;
  }

  /** The room and its seats' tokens, as saved for a takeover or a restart. */
  snapshotOf(room: Room) {
    return snapshotRoom(room, this.deps.seats.tokensOf(room.code, room.capacity));
  }

  private messenger() {
    const messenger = this.deps.services.messenger;
    if (messenger === null) throw new Error('cluster messaging needs Redis');
    return messenger;
  }

  /** Once a second; never overlaps itself, and a Redis outage only logs (once per change). */
  private async duties(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.heartbeat();
      await this.publishStandings();
      if (this.enabled) {
        await this.keepOwnedRooms();
        await this.dropSeatsOfDeadNodes();
        await this.followRemoteRooms();
      }
      if (this.lastDutyError !== '') this.deps.log.info('cluster duties back to normal');
      this.lastDutyError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastDutyError) this.deps.log.warn({ err: message }, 'cluster duties failed; local rooms keep ticking');
      this.lastDutyError = message;
    } finally {
      this.running = false;
    }
  }

  private async heartbeat(): Promise<void> {
    await this.deps.services.registry.heartbeat({
      id: this.nodeId,
      url: this.publicUrl,
      rooms: this.deps.rooms.size,
      players: this.deps.rooms.playerCount(),
      load: 0,
      startedAtEpochMs: 0,
    });
  }

  private async keepOwnedRooms(): Promise<void> {
    const { directory, snapshots } = this.deps.services;
    for (const room of [...this.deps.rooms.values()]) {
      let held = await directory.renew(room.code, this.nodeId, ROOM_LEASE_TTL_MS);
      // Redis restarted empty: the lease is gone but nobody else took it; claim it back.
      if (!held) held = await directory.claim(room.code, this.nodeId, ROOM_LEASE_TTL_MS);
      if (!held) {
        this.deps.log.warn({ room: room.code }, 'lost a room to another node; handing its players over');
        this.deps.handover.dropLostRoom(room);
        continue;
      }
      await snapshots.save(room.code, this.snapshotOf(room), SNAPSHOT_TTL_MS);
      await directory.publishInfo(
        { code: room.code, owner: this.nodeId, players: room.playerCount, capacity: room.capacity, phase: room.phaseName(), locked: room.locked },
        ROOM_LEASE_TTL_MS,
      );
      for (const seat of this.deps.seats.seatsOf(room.code)) if (seat !== null) this.rememberSession(seat);
    }
  }

  /** Players seated through a node that stopped heartbeating are dropped (their grace starts). */
  private async dropSeatsOfDeadNodes(): Promise<void> {
    const { rooms, seats } = this.deps;
    let live: Set<string> | null = null;
    for (const room of rooms.values()) {
      if (seats.remoteCount(room.code) === 0) continue;
      live ??= new Set((await this.deps.services.registry.list()).map((n) => n.id));
      this.remote.dropSeatsVia(room, live);
    }
  }

  /** Rooms this node has players in but does not own: is their owner still there? */
  private async followRemoteRooms(): Promise<void> {
    for (const [code, seatedOwner] of this.deps.seats.mirroredRooms()) {
      const owner = await this.deps.services.directory.ownerOf(code);
      if (owner === null) await this.takeOver(code);
      else if (owner !== seatedOwner && owner !== this.nodeId) await this.deps.handover.rehome(code, owner);
    }
  }
}
