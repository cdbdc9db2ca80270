import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import { restoreRoom, snapshotRoom, type RoomSnapshot } from '../rooms/room-snapshot';
import type { SeatRegistry } from '../seats/seat-registry';
import type { ClusterServices } from './cluster-services';
import { holderOf, parseHolder, type NodeIdentity } from './node-identity';
import type { RoomHandover } from './room-handover';

export interface RoomTakeoverDeps {
  identity: NodeIdentity;
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
  handover: RoomHandover;
  log: Logger;
  leaseTtlMs: number;
  nowMs: () => number;
}

/**
 * Restoring a room whose owner is gone from its last saved snapshot: a lapsed lease (the owner
 * died), a lease of a dead incarnation (its node restarted under the same id), or this node's
 * own rooms from before its restart, taken back at once (issue #13).
 */
export class RoomTakeover {
  takeovers = 0;
  readonly holder: string;
  private readonly restoring = new Map<string, Promise<Room | null>>();

  constructor(private readonly deps: RoomTakeoverDeps) {
    this.holder = holderOf(deps.identity);
  }

  /** The room and its seats' session ids, as saved for a takeover or a restart. */
  snapshotOf(room: Room): RoomSnapshot {
    return snapshotRoom(room, this.deps.seats.sessionsOf(room.code, room.capacity));
  }

  /**
   * Claims the room (from nobody, or from `staleHolder`) and restores it. Returns null when
   * another node got there first or there is nothing to restore.
   */
  takeOver(code: string, staleHolder: string | null): Promise<Room | null> {
    const existing = this.deps.rooms.get(code);
    if (existing !== undefined) return Promise.resolve(existing);
    // One restore per room at a time here: a second asker waits for the first.
    const inFlight = this.restoring.get(code);
    if (inFlight !== undefined) return inFlight;
    const restore = this.restore(code, staleHolder).finally(() => this.restoring.delete(code));
    this.restoring.set(code, restore);
    return restore;
  }

  /**
   * Resolves once the restores in progress here have settled: between claiming a lease and
   * adopting the room, requests other nodes relay (they already see this node as the owner)
   * must find the room rather than "no such room".
   */
  async settled(): Promise<void> {
    if (this.restoring.size > 0) await Promise.allSettled([...this.restoring.values()]);
  }

  private async restore(code: string, staleHolder: string | null): Promise<Room | null> {
    const { rooms, services } = this.deps;
    const claimed =
      staleHolder === null
        ? await services.directory.claim(code, this.holder, this.deps.leaseTtlMs)
        : await services.directory.claimFrom(code, staleHolder, this.holder, this.deps.leaseTtlMs);
    if (!claimed) return null;
    const snapshot = await services.snapshots.load(code);
    if (snapshot === null) {
      await services.directory.release(code, this.holder);
      return null;
    }
    const raced = rooms.get(code);
    if (raced !== undefined) return raced;
    const { room, sessions } = restoreRoom(snapshot, this.deps.nowMs());
    room.forceKeyframe();
    rooms.adopt(room);
    this.takeovers++;
    const from = staleHolder === null ? 'a lapsed lease' : parseHolder(staleHolder).nodeId === this.deps.identity.nodeId ? 'this node before its restart' : `a dead process of ${parseHolder(staleHolder).nodeId}`;
    this.deps.log.warn({ room: code, players: room.playerCount, from }, 'took over a room whose owner is gone');
    this.deps.handover.adoptRestored(room, sessions);
    return room;
  }

  /**
   * At start: the rooms this node id held before a crash (leases of an earlier incarnation, or
   * lapsed ones nobody took yet) are restored now, before the node answers anyone, so a node
   * that a supervisor restarts at once has its rooms ticking again within its start-up time.
   */
  async reclaimOwnRooms(): Promise<string[]> {
    const { directory } = this.deps.services;
    const reclaimed: string[] = [];
    for (const code of await directory.roomsClaimedBy(this.deps.identity.nodeId)) {
      const holder = await directory.holderOf(code);
      if (holder === this.holder) continue;
      if (holder !== null && parseHolder(holder).nodeId !== this.deps.identity.nodeId) continue;
      if ((await this.takeOver(code, holder)) !== null) reclaimed.push(code);
    }
    return reclaimed;
  }
}
