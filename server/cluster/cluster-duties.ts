import type { Logger } from '../logger';
import type { RoomManager } from '../rooms/room-manager';
import type { SeatRegistry } from '../seats/seat-registry';
import type { ClusterServices } from './cluster-services';
import { parseHolder, type NodeIdentity } from './node-identity';
import type { NodeInfo } from './node-registry';
import type { RemoteSeating } from './remote-seating';
import type { Room } from '../rooms/room';
import type { RoomHandover } from './room-handover';
import type { RoomTakeover } from './room-takeover';
import { StandingsTracker } from './standings';

/** Sessions outlive the resume grace by a margin; they are refreshed every save. */
export const SESSION_TTL_MS = 10 * 60_000;
export const SNAPSHOT_TTL_MS = 10 * 60_000;

export interface ClusterDutiesDeps {
  identity: NodeIdentity;
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
  handover: RoomHandover;
  takeover: RoomTakeover;
  remote: RemoteSeating;
  log: Logger;
  leaseTtlMs: number;
  nodeUrl: () => string;
  rememberSessions: (code: string) => void;
}

/**
 * What this node does for the cluster once a second, never overlapping itself: heartbeat (with
 * its incarnation), publish changed leaderboards, renew and save the rooms it owns, drop seats
 * of nodes that died or restarted, and follow the rooms its players sit in elsewhere. A Redis
 * outage only logs (once per change); local rooms keep ticking.
 */
export class ClusterDuties {
  /** Live nodes by id, as of the last duty (a second old at most). */
  liveNodes: ReadonlyMap<string, NodeInfo> = new Map();
  private running = false;
  private leasesRunning = false;
  private lastError = '';
  private readonly inFlight = new Set<Promise<void>>();
  private readonly standings = new StandingsTracker();

  constructor(private readonly deps: ClusterDutiesDeps) {}

  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.track(this.runDuties());
  }

  /** Resolves once no duty is in flight: a drain waits, so no renewal re-claims a released lease. */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async track(run: Promise<void>): Promise<void> {
    this.inFlight.add(run);
    try {
      await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async runDuties(): Promise<void> {
    try {
      await this.heartbeat();
      await this.publishStandings();
      if (this.deps.services.enabled) {
        this.liveNodes = new Map((await this.deps.services.registry.list()).map((node) => [node.id, node]));
        await this.saveOwnedRooms();
        for (const room of this.deps.rooms.values()) this.deps.remote.dropSeatsVia(room, this.liveNodes);
      }
      if (this.lastError !== '') this.deps.log.info('cluster duties back to normal');
      this.lastError = '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.deps.log.warn({ err: message }, 'cluster duties failed; local rooms keep ticking');
      this.lastError = message;
    } finally {
      this.running = false;
    }
  }

  /**
   * Four times per lease TTL: renew this node's leases (all at once: node-redis pipelines
   * concurrent commands) and check the owners of the rooms its players sit in elsewhere, so a
   * crash is noticed within the lease TTL and a restart within half a second.
   */
  async runLeases(): Promise<void> {
    if (this.leasesRunning || !this.deps.services.enabled) return;
    this.leasesRunning = true;
    await this.track(this.runLeaseDuties());
  }

  private async runLeaseDuties(): Promise<void> {
    try {
      await this.renewOwnedLeases();
      await this.followMirroredRooms();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.deps.log.warn({ err: message }, 'lease duties failed; local rooms keep ticking');
      this.lastError = message;
    } finally {
      this.leasesRunning = false;
    }
  }

  /** Publishes the boards of rooms whose ranking changed (also right after a teacher action). */
  async publishStandings(): Promise<void> {
    const now = Date.now();
    for (const room of [...this.deps.rooms.values()]) {
      const { board, changed } = this.standings.update(room, now);
      if (changed) await this.deps.services.leaderboards.publish(board);
    }
  }

  forgetRoom(code: string): void {
    this.standings.forget(code);
  }

  /**
   * Is a lease held by a process that is gone? True when its node id is alive under another
   * incarnation (it restarted), or is this node's own id from before a restart. The registry is
   * read fresh, after the lease: a restarting node heartbeats before it claims anything, so a
   * lease of a live process is never mistaken for a dead one's.
   */
  async isStale(holder: string): Promise<boolean> {
    const { nodeId, incarnation } = parseHolder(holder);
    if (nodeId === this.deps.identity.nodeId) return holder !== this.deps.takeover.holder;
    if (incarnation === '') return false;
    const live = (await this.deps.services.registry.list()).find((node) => node.id === nodeId);
    return live !== undefined && live.incarnation !== '' && live.incarnation !== incarnation;
  }

  /** One heartbeat now (a starting node announces its incarnation before it claims rooms). */
  announce(): Promise<void> {
    return this.heartbeat();
  }

  private async heartbeat(): Promise<void> {
    const { identity, rooms } = this.deps;
    await this.deps.services.registry.heartbeat({
      id: identity.nodeId,
      url: this.deps.nodeUrl(),
      rooms: rooms.size,
      players: rooms.playerCount(),
      load: 0,
      incarnation: identity.incarnation,
      startedAtEpochMs: identity.startedAtEpochMs,
    });
  }

  private async renewOwnedLeases(): Promise<void> {
    const rooms = [...this.deps.rooms.values()];
    const held = await Promise.all(rooms.map((room) => this.renewLease(room)));
    for (let i = 0; i < rooms.length; i++) {
      if (held[i] || this.deps.rooms.get(rooms[i].code) !== rooms[i]) continue;
      this.deps.log.warn({ room: rooms[i].code }, 'lost a room to another node; handing its players over');
      this.deps.handover.dropLostRoom(rooms[i]);
    }
  }

  private async renewLease(room: Room): Promise<boolean> {
    const { directory } = this.deps.services;
    const holder = this.deps.takeover.holder;
    if (await directory.renew(room.code, holder, this.deps.leaseTtlMs)) return true;
    // Redis restarted empty: the lease is gone but nobody else took it; claim it back.
    return directory.claim(room.code, holder, this.deps.leaseTtlMs);
  }

  private async saveOwnedRooms(): Promise<void> {
    const { directory, snapshots } = this.deps.services;
    for (const room of [...this.deps.rooms.values()]) {
      await snapshots.save(room.code, this.deps.takeover.snapshotOf(room), SNAPSHOT_TTL_MS);
      await directory.publishInfo(
        { code: room.code, owner: this.deps.identity.nodeId, players: room.playerCount, capacity: room.capacity, phase: room.phaseName(), locked: room.locked },
        this.deps.leaseTtlMs,
      );
      this.deps.rememberSessions(room.code);
    }
  }

  /** Rooms this node has players in but does not own: is their owner still the same process? */
  private async followMirroredRooms(): Promise<void> {
    const { directory } = this.deps.services;
    for (const [code, seat] of this.deps.seats.mirroredRooms()) {
      const holder = await directory.holderOf(code);
      if (holder === null) {
        await this.deps.takeover.takeOver(code, null);
        continue;
      }
      const owner = parseHolder(holder);
      if (owner.nodeId === seat.owner && owner.incarnation === seat.ownerIncarnation) continue;
      if (await this.isStale(holder)) await this.deps.takeover.takeOver(code, holder);
      else if (owner.nodeId !== this.deps.identity.nodeId) await this.deps.handover.rehome(code, owner.nodeId, owner.incarnation);
    }
  }
}
