import type { Room } from '../../rooms/room';
import type { OutgoingSnapshot } from '../../seats/player-link';
import type { RoomPublisher } from '../../seats/room-channel';

/**
 * How a room's snapshot goes on the wire: the binary delta codec with our one-frame parser,
 * the same with socket.io's default parser, or the JSON baseline. Chosen once at start
 * (createSnapshotFormat); the broadcaster never branches on it.
 */
export interface SnapshotFormat {
  /** This tick's snapshot as transport packets, encoded once for the whole room. */
  encode(room: Room): OutgoingSnapshot;
  /** The same snapshot to the room's players on other nodes (through the Redis adapter). */
  publish(publisher: RoomPublisher, room: Room, encoded: OutgoingSnapshot): void;
}
