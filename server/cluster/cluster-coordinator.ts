import type { Logger } from '../logger';
import type { NodeConfig } from '../config';
import type { Room } from '../rooms/room';
import { generateRoomCode } from '../rooms/room-code';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomSnapshot } from '../rooms/room-snapshot';
import type { RoomChannel } from '../seats/room-channel';
import type { Seat } from '../seats/seat';
import type { SeatRegistry } from '../seats/seat-registry';
import type { ClusterServices } from './cluster-services';
import { ClusterDuties, SESSION_TTL_MS, SNAPSHOT_TTL_MS } from './cluster-duties';
import { sessionIdOf } from '../security/session-id';
import { parseHolder, type NodeIdentity } from './node-identity';
import type { ClusterNotice } from './node-messenger';
import { NodeDrain, type DrainReport } from './node-drain';
import type { RemoteJoinReply } from './remote-join-reply';
import { RemoteSeating } from './remote-seating';
import type { RoomHandover } from './room-handover';
import { leaseRenewIntervalMs, type RoomInfo } from './room-directory';
import { RoomTakeover } from './room-takeover';

/**
 * A live owner seats a relayed player in milliseconds; past this it is probably dead, and the
 * client's TRY_AGAIN retry (every 500 ms) finds the room again once its lease lapses.
 */
const REMOTE_SEATING_TIMEOUT_MS = 1000;

/** Where a room lives, as far as this node can tell. */
export type RoomLocation = { kind: 'local'; room: Room } | { kind: 'remote'; owner: string } | { kind: 'missing' };

export interface CoordinatorDeps {
  identity: NodeIdentity;
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
 * This node's part of the cluster, and what the rest of the server asks of it: cluster-unique
 * room codes, where a room lives, relaying to the owners of rooms this node does not own, and
 * the cluster-wide session index. The work is split by job: RemoteSeating answers other nodes,
 * RoomTakeover restores rooms whose owner is gone, ClusterDuties runs once a second.
 */
export class ClusterCoordinator {
  private timer: ReturnType<typeof setInterval> | null = null;
  private leaseTimer: ReturnType<typeof setInterval> | null = null;
  private nodeUrl = '';
  /** world.deliveredTotal of each owned room at its last save (see saveIfScored). */
  private readonly savedDeliveries = new Map<string, number>();
  private readonly remote: RemoteSeating;
  private readonly takeover: RoomTakeover;
  private readonly duties: ClusterDuties;

  constructor(private readonly deps: CoordinatorDeps) {
    this.takeover = new RoomTakeover({ ...deps, leaseTtlMs: deps.config.leaseTtlMs });
    this.remote = new RemoteSeating({ ...deps, rememberSession: (seat) => this.rememberSession(seat), forgetSession: (sessionId) => this.forgetSession(sessionId), restored: () => this.takeover.settled() });
    this.duties = new ClusterDuties({
      ...deps,
      leaseTtlMs: deps.config.leaseTtlMs,
      takeover: this.takeover,
      remote: this.remote,
      nodeUrl: () => this.nodeUrl,
      rememberSessions: (code) => {
        for (const seat of deps.seats.seatsOf(code)) if (seat !== null) this.rememberSession(seat);
      },
    });
  }

  /** The URL registered for discovery (known once the node listens). */
  setNodeUrl(url: string): void {
    this.nodeUrl = url;
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
    return this.deps.identity.nodeId;
  }

  get identity(): NodeIdentity {
    return this.deps.identity;
  }

  get enabled(): boolean {
    return this.deps.services.enabled;
  }

  get takeovers(): number {
    return this.takeover.takeovers;
  }

  /** The services this node's API reads (leaderboards, response cache, registry). */
  get shared(): ClusterServices {
    return this.deps.services;
  }

  /**
   * Announces this process, takes back the rooms an earlier process under this id left behind
   * (before answering anyone), then starts answering other nodes and the duties.
   */
  async start(): Promise<void> {
    if (this.enabled) {
      await this.duties.announce().catch(() => undefined);
      const reclaimed = await this.takeover.reclaimOwnRooms().catch((error: unknown) => {
        this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not look for rooms held before a restart');
        return [];
      });
      if (reclaimed.length > 0) this.deps.log.warn({ rooms: reclaimed }, 'took back the rooms held before a restart');
    }
    const messenger = this.deps.services.messenger;
    if (messenger !== null) {
      await messenger.start({
        onRequest: (from, request) => this.remote.onRequest(from, request),
        onNotice: (from, notice) => {
          if (notice.kind !== 'adopt') this.remote.onNotice(from, notice);
          // A draining node handed this room to us: restore it now, before anyone asks.
          else void this.takeover.takeOver(notice.code, null).catch((error: unknown) => this.deps.log.warn({ room: notice.code, err: error instanceof Error ? error.message : String(error) }, 'could not adopt a drained room'));
        },
        onInput: (code, slot, seq, tick, control) => {
          // The owner checks the stamp: it knows the room's tick (no error goes back).
          this.deps.rooms.get(code)?.acceptInput(slot, seq, tick, control);
        },
      });
    }
    await this.duties.runLeases();
    await this.duties.run();
    this.timer = setInterval(() => void this.duties.run(), 1000);
    this.leaseTimer = setInterval(() => void this.duties.runLeases(), leaseRenewIntervalMs(this.deps.config.leaseTtlMs));
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.leaseTimer !== null) clearInterval(this.leaseTimer);
    this.timer = null;
    this.leaseTimer = null;
    // A heartbeat still in flight would list this node again after the removal.
    await this.duties.settled();
    await this.deps.services.registry.remove(this.nodeId).catch(() => undefined);
  }

  /**
   * A graceful drain (node-drain.ts), with the tick already stopped: the duties stop (and any
   * run in flight settles, so no renewal re-claims a released lease), the node leaves the
   * registry, and every room is saved and its lease given up for another node to take over.
   */
  async drain(): Promise<DrainReport> {
    await this.stop();
    const { services, rooms, seats, log } = this.deps;
    return new NodeDrain({
      services,
      rooms,
      seats,
      log,
      nodeId: this.nodeId,
      holder: this.takeover.holder,
      snapshotOf: (room) => this.takeover.snapshotOf(room),
      adopt: (to, code) => this.notify(to, { kind: 'adopt', code }),
    }).handOver();
  }

  /** A fresh code no node in the cluster uses, with this node as the owner. */
  async allocateRoomCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateRoomCode();
      if (this.deps.rooms.get(code) !== undefined) continue;
      if (await this.deps.services.directory.claim(code, this.takeover.holder, this.deps.config.leaseTtlMs)) return code;
    }
    throw new Error('Could not allocate a free room code');
  }

  async locate(code: string): Promise<RoomLocation> {
    const local = this.deps.rooms.get(code);
    if (local !== undefined) return { kind: 'local', room: local };
    if (!this.enabled) return { kind: 'missing' };
    const holder = await this.deps.services.directory.holderOf(code);
    let stale: string | null = null;
    if (holder !== null) {
      // A live owner elsewhere; or a lease left by a dead process, taken over here at once.
      if (!(await this.duties.isStale(holder))) return { kind: 'remote', owner: parseHolder(holder).nodeId };
      stale = holder;
    }
    const taken = await this.takeover.takeOver(code, stale);
    if (taken !== null) return { kind: 'local', room: taken };
    // Another node claimed it first (several race for a room a drained or dead node left):
    // it lives there now. Missing only when nobody could restore it.
    const winner = await this.deps.services.directory.holderOf(code);
    if (winner !== null && winner !== stale && parseHolder(winner).nodeId !== this.nodeId) return { kind: 'remote', owner: parseHolder(winner).nodeId };
    return { kind: 'missing' };
  }

  /** Where the room of a resume token lives: this node's seats first, then the cluster's store. */
  async locateToken(token: string): Promise<RoomLocation & { code?: string }> {
    const seat = this.deps.seats.byResumeToken(token);
    if (seat !== undefined && seat.owner === this.nodeId) {
      const room = this.deps.rooms.get(seat.code);
      if (room !== undefined) return { kind: 'local', room, code: seat.code };
    }
    if (!this.enabled) return { kind: 'missing' };
    const session = await this.deps.services.sessions.get(sessionIdOf(token));
    if (session === null) return { kind: 'missing' };
    return { ...(await this.locate(session.code)), code: session.code };
  }

  remoteJoin(owner: string, code: string, name: string, device?: string): Promise<RemoteJoinReply> {
    const request = { kind: 'join', code, name, device, viaNode: this.nodeId, viaIncarnation: this.identity.incarnation } as const;
    return this.messenger().request<RemoteJoinReply>(owner, request, REMOTE_SEATING_TIMEOUT_MS);
  }

  remoteResume(owner: string, token: string): Promise<RemoteJoinReply> {
    const request = { kind: 'resume', token, viaNode: this.nodeId, viaIncarnation: this.identity.incarnation } as const;
    return this.messenger().request<RemoteJoinReply>(owner, request, REMOTE_SEATING_TIMEOUT_MS);
  }

  relayInput(owner: string, code: string, slot: number, seq: number, tick: number, control: number): void {
    this.deps.services.messenger?.relayInput(owner, code, slot, seq, tick, control);
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
    return this.deps.services.sessions.get(sessionIdOf(token)).catch(() => null);
  }

  /** A player of this node's room joined or resumed: remember the session cluster-wide. */
  rememberSession(seat: Seat): void {
    if (!this.enabled) return;
    const name = this.deps.rooms.get(seat.code)?.names[seat.slot] ?? '';
    this.deps.services.sessions.put(seat.sessionId, { code: seat.code, slot: seat.slot, name }, SESSION_TTL_MS).catch(() => undefined);
  }

  forgetSession(sessionId: string): void {
    if (!this.enabled || sessionId.length === 0) return;
    this.deps.services.sessions.delete(sessionId).catch(() => undefined);
  }

  /** Publishes the boards of rooms whose ranking changed (also right after a teacher action). */
  publishStandings(): Promise<void> {
    return this.duties.publishStandings();
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
    this.deps.services.snapshots.save(room.code, this.takeover.snapshotOf(room), SNAPSHOT_TTL_MS).catch(() => undefined);
  }

  /** The room and its seats' session ids, as saved for a takeover or a restart. */
  snapshotOf(room: Room): RoomSnapshot {
    return this.takeover.snapshotOf(room);
  }

  /** A room closed here: give its lease and saved state up. */
  roomClosed(code: string): void {
    this.savedDeliveries.delete(code);
    this.duties.forgetRoom(code);
    this.deps.services.leaderboards.remove(code).catch(() => undefined);
    if (!this.enabled) return;
    this.deps.services.directory.release(code, this.takeover.holder).catch(() => undefined);
    this.deps.services.snapshots.delete(code).catch(() => undefined);
  }

  /** Claims a room nobody holds (or a dead process held) and restores it; null when it cannot. */
  takeOver(code: string, staleHolder: string | null = null): Promise<Room | null> {
    return this.enabled ? this.takeover.takeOver(code, staleHolder) : Promise.resolve(null);
  }

  private messenger() {
    const messenger = this.deps.services.messenger;
    if (messenger === null) throw new Error('cluster messaging needs Redis');
    return messenger;
  }
}
