import type { Room } from '../rooms/room';

/**
 * Sends a room's snapshot of this tick to everyone in it: encoded once, the same bytes to every
 * connection. Chosen once when the node starts (server/net/broadcast), never per tick.
 */
export interface RoomBroadcaster {
  broadcast(room: Room): void;
}
