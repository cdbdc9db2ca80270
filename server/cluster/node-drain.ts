import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomSnapshot } from '../rooms/room-snapshot';
import type { SeatRegistry } from '../seats/seat-registry';
import { SNAPSHOT_TTL_MS } from './cluster-duties';
import type { ClusterServices } from './cluster-services';

export interface NodeDrainDeps {
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
  nodeId: string;
  /** This process's lease value (RoomTakeover.holder). */
  holder: string;
  snapshotOf(room: Room): RoomSnapshot;
  /** Asks a live node to take the released room over now (a cluster notice). */
  adopt(to: string, code: string): void;
  log: Logger;
}

/** What a drain handed over. */
export interface DrainReport {
  /** Rooms saved and released: another node took (or takes) each over at once. */
  handedOver: string[];
  /** Rooms Redis refused to save or release: their leases lapse within the TTL instead. */
  failed: string[];
  /** Seats in the handed-over rooms (their players resume wherever the room is now). */
  seats: number;
}

/**
 * A graceful drain's hand-over (issue 12, "The failover lesson"): with the tick stopped and the
 * duties settled, each room this node owns is saved as it stands and its lease given up, so the
 * first node that looks (one with players in the room, within half a second; or the node a
 * reconnecting player reaches) takes it over from this very snapshot through the usual
 * RoomTakeover path, instead of waiting out a lapsed lease and restoring a second-old save as
 * after a crash. The rooms are then forgotten here; the node's players are told to reconnect
 * by the node's shutdown that follows.
 *
 *   drain ─▶ leave registry ─▶ stop tick ─▶ save + release each room ─▶ tell players ─▶ exit
 *                                             └▶ another node: claim ─▶ restore ─▶ tick on
 */
export class NodeDrain {
  constructor(private readonly deps: NodeDrainDeps) {}

  async handOver(): Promise<DrainReport> {
    const { services, rooms, seats, holder, log } = this.deps;
    const report: DrainReport = { handedOver: [], failed: [], seats: 0 };
    const heirs = await this.heirs();
    for (const room of [...rooms.values()]) {
      const code = room.code;
      try {
        // The save before the release: whoever claims the room next must find this state.
        await services.snapshots.save(code, this.deps.snapshotOf(room), SNAPSHOT_TTL_MS);
        await services.directory.release(code, holder);
        report.handedOver.push(code);
        // Someone takes it now, even a room nobody is about to ask for (bots only, say); the
        // first of the heir, a node with players in it or a resuming player's node wins.
        if (heirs.length > 0) this.deps.adopt(heirs[report.handedOver.length % heirs.length], code);
      } catch (error) {
        report.failed.push(code);
        log.warn({ room: code, err: error instanceof Error ? error.message : String(error) }, 'could not hand a room over; its lease lapses instead');
      }
      report.seats += seats.forgetRoom(code).length;
      rooms.discard(code);
    }
    return report;
  }

  /** The other live nodes, least busy first: the rooms are dealt out among them in turn. */
  private async heirs(): Promise<string[]> {
    const live = await this.deps.services.registry.list().catch(() => []);
    return live
      .filter((n) => n.id !== this.deps.nodeId)
      .sort((a, b) => a.rooms - b.rooms || a.players - b.players || (a.id < b.id ? -1 : 1))
      .map((n) => n.id);
  }
}
