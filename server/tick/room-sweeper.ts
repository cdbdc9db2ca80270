import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { Logger } from '../logger';
import type { NodeStats } from '../node-stats';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomChannel } from '../seats/room-channel';
import type { SeatRegistry } from '../seats/seat-registry';

export interface RoomSweeperDeps {
  rooms: RoomManager;
  seats: SeatRegistry;
  channel: RoomChannel;
  cluster: ClusterCoordinator;
  stats: NodeStats;
  log: Logger;
}

/**
 * Once a second (not every tick): seats whose player did not come back within the grace
 * period are freed, and rooms that stayed empty close, their seats and cluster state with them.
 */
export class RoomSweeper {
  constructor(private readonly deps: RoomSweeperDeps) {}

  sweep(): void {
    const { rooms, seats, channel, cluster, stats, log } = this.deps;
    const closed = rooms.sweep((room, slot) => {
      const seat = seats.at(room.code, slot);
      if (seat !== null) {
        cluster.forgetSession(seat.sessionId);
        seats.free(seat);
      }
      channel.roster(room);
    });
    for (const code of closed) {
      seats.forgetRoom(code);
      cluster.roomClosed(code);
    }
    stats.roomsClosed += closed.length;
    if (closed.length > 0) log.info({ rooms: closed }, 'closed empty rooms');
  }
}
