import type { Server } from 'socket.io';
import type { RoomPublisher } from '../seats/room-channel';

/**
 * A room's messages to its players on other nodes: socket.io's room broadcast, which the Redis
 * adapter carries to the nodes whose sockets subscribed to the room (PlayerLink.subscribe).
 * On the owner no local socket subscribes, so the owner's own players never get it twice.
 */
export class SocketIoPublisher implements RoomPublisher {
  constructor(private readonly io: Server) {}

  publish(code: string, event: string, payload: unknown): void {
    this.io.to(code).emit(event, payload);
  }
}
