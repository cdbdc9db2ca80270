import { ControlEvent } from '../../shared/protocol/control-messages';
import type { Room } from '../rooms/room';
import { rosterOf } from '../rooms/welcome';
import type { SeatRegistry } from './seat-registry';

/** Publishes to a room's players on other nodes (socket.io's Redis adapter, in server/net). */
export interface RoomPublisher {
  publish(code: string, event: string, payload: unknown): void;
}

/**
 * Control messages to everyone in a room this node owns: its own players' links directly,
 * the room's players on other nodes through one publish, and only when there are some (a
 * room whose players all sit on its owner never touches Redis).
 */
export class RoomChannel {
  constructor(
    private readonly seats: SeatRegistry,
    private readonly publisher: RoomPublisher,
  ) {}

  send(code: string, event: string, payload: unknown): void {
    for (const seat of this.seats.seatsOf(code)) seat?.link?.sendControl(event, payload);
    for (const link of this.seats.spectatorsOf(code)) link.sendControl(event, payload);
    if (this.seats.remoteCount(code) > 0) this.publisher.publish(code, event, payload);
  }

  /** Who sits where and who is connected: after every join, drop, resume and leave. */
  roster(room: Room): void {
    this.send(room.code, ControlEvent.Roster, rosterOf(room));
  }
}
