import type { NodeStats } from '../../node-stats';
import type { Room } from '../../rooms/room';
import type { RoomPublisher } from '../../seats/room-channel';
import type { SeatRegistry } from '../../seats/seat-registry';
import type { RoomBroadcaster } from '../../tick/room-broadcaster';
import type { SnapshotFormat } from './snapshot-format';

/**
 * The hot path of every tick: one walk over the room's seats, one encode, the same bytes to
 * every connection on this node, and one publish for the room's players on other nodes only
 * when it has some (Redis is not a snapshot pipe). Impaired connections are links like any
 * other (server/seats/impaired-link.ts), so nothing here branches on the teacher's conditions,
 * and no socket.io broadcast operator is built for a room that has no remote players.
 */
export class SeatBroadcaster implements RoomBroadcaster {
  /** Snapshot broadcasts that went through the Redis adapter (rooms with remote players). */
  clusterBroadcasts = 0;

  constructor(
    private readonly seats: SeatRegistry,
    private readonly format: SnapshotFormat,
    private readonly publisher: RoomPublisher,
    private readonly stats: NodeStats,
  ) {}

  broadcast(room: Room): void {
    const seats = this.seats.seatsOf(room.code);
    let local = 0;
    let remote = 0;
    for (let i = 0; i < seats.length; i++) {
      const seat = seats[i];
      if (seat === null) continue;
      if (seat.link !== null) local++;
      else if (seat.via !== '') remote++;
    }
    // Spectators (the projector, issue 14) take the same bytes; they hold no seat.
    const watchers = this.seats.spectatorsOf(room.code);
    if (local === 0 && remote === 0 && watchers.length === 0) return;
    const encoded = this.format.encode(room);
    if (local > 0) {
      for (let i = 0; i < seats.length; i++) seats[i]?.link?.sendSnapshot(encoded);
    }
    for (let i = 0; i < watchers.length; i++) watchers[i].sendSnapshot(encoded);
    local += watchers.length;
    if (remote > 0) {
      this.format.publish(this.publisher, room, encoded);
      this.clusterBroadcasts++;
    }
    room.snapshotsSent++;
    room.snapshotBytesSent += encoded.payloadBytes;
    this.stats.snapshotsSent += local;
    this.stats.snapshotBytesSent += encoded.payloadBytes * local;
  }
}
