/**
 * ClusterCoordinator: this node's part of the cluster, as the rest of the server sees it, and
 * its lifecycle (start, stop, drain). Each job has its own file: where a room lives
 * (room-locator.ts), the session index (session-index.ts), requests to owners
 * (owner-relay.ts), answers to other nodes (remote-seating.ts), takeovers (room-takeover.ts)
 * and the once-a-second duties (cluster-duties.ts); this file starts them and saves scores.
 */
import type { Logger } from '../logger';
import type { NodeConfig } from '../config';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomSnapshot } from '../rooms/room-snapshot';
import type { RoomChannel } from '../seats/room-channel';
import type { Seat } from '../seats/seat';
import type { SeatRegistry } from '../seats/seat-registry';
import type { ClusterServices } from './cluster-services';
import { ClusterDuties, SNAPSHOT_TTL_MS } from './cluster-duties';
import type { NodeIdentity } from './node-identity';
import type { ClusterNotice } from './node-messenger';
import { NodeDrain, type DrainReport } from './node-drain';
import type { RemoteJoinReply } from './remote-join-reply';
import { OwnerRelay } from './owner-relay';
import { RemoteSeating } from './remote-seating';
import type { RoomHandover } from './room-handover';
import { leaseRenewIntervalMs, type RoomInfo } from './room-directory';
import { RoomLocator, type RoomLocation } from './room-locator';
import { RoomTakeover } from './room-takeover';
import { SessionIndex } from './session-index';

// Importers (net, tick, http, classroom) take the location type from here, with the coordinator.
export type { RoomLocation } from './room-locator';

/** How often the duties run (heartbeat, standings, room saves); leases have their own timer. */
const DUTIES_INTERVAL_MS = 1000;

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
 * room codes and where a room lives (RoomLocator), relaying to the owners of rooms this node
 * does not own (OwnerRelay), the cluster-wide session index (SessionIndex). RemoteSeating
 * answers other nodes, RoomTakeover restores rooms whose owner is gone, ClusterDuties runs
 * once a second.
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
  private readonly locator: RoomLocator;
  private readonly sessions: SessionIndex;
  private readonly relay: OwnerRelay;

  constructor(private readonly deps: CoordinatorDeps) {
    this.sessions = new SessionIndex(deps);
    this.relay = new OwnerRelay(deps.identity, deps.services);
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
    this.locator = new RoomLocator({ ...deps, takeover: this.takeover, duties: this.duties });
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
    this.timer = setInterval(() => void this.duties.run(), DUTIES_INTERVAL_MS);
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
  allocateRoomCode(): Promise<string> {
    return this.locator.allocateRoomCode();
  }

  locate(code: string): Promise<RoomLocation> {
    return this.locator.locate(code);
  }

  /** Where the room of a resume token lives: this node's seats first, then the cluster's store. */
  locateToken(token: string): Promise<RoomLocation & { code?: string }> {
    return this.locator.locateToken(token);
  }

  remoteJoin(owner: string, code: string, name: string, device?: string): Promise<RemoteJoinReply> {
    return this.relay.remoteJoin(owner, code, name, device);
  }

  remoteResume(owner: string, token: string): Promise<RemoteJoinReply> {
    return this.relay.remoteResume(owner, token);
  }

  relayInput(owner: string, code: string, slot: number, seq: number, tick: number, control: number): void {
    this.relay.relayInput(owner, code, slot, seq, tick, control);
  }

  notify(owner: string, notice: ClusterNotice): void {
    this.relay.notify(owner, notice);
  }

  teacherRequest<T>(owner: string, code: string, action: unknown): Promise<T> {
    return this.relay.teacherRequest<T>(owner, code, action);
  }

  /** The session behind a resume token, from this node's seats or the cluster's store. */
  sessionOf(token: string): Promise<{ code: string; slot: number; name: string } | null> {
    return this.sessions.sessionOf(token);
  }

  /** A player of this node's room joined or resumed: remember the session cluster-wide. */
  rememberSession(seat: Seat): void {
    this.sessions.remember(seat);
  }

  forgetSession(sessionId: string): void {
    this.sessions.forget(sessionId);
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
}
