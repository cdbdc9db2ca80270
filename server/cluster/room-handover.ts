import { ControlEvent, type ErrorMessage, type ShutdownMessage } from '../../shared/protocol/control-messages';
import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomChannel } from '../seats/room-channel';
import type { SeatRegistry } from '../seats/seat-registry';
import type { RemoteJoinReply } from './remote-join-reply';

export interface RoomHandoverDeps {
  rooms: RoomManager;
  seats: SeatRegistry;
  channel: RoomChannel;
  log: Logger;
  /** Asks a room's (new) owner to resume a seat for this node (ClusterCoordinator.remoteResume). */
  resumeAt(owner: string, token: string): Promise<RemoteJoinReply>;
}

/**
 * Seats moving between nodes when a room changes owner: this node restored a room (its own
 * players there become local), another node took over a room this node's players sit in (they
 * resume there), or this node lost a room it thought it owned (its players reconnect, which
 * resumes them wherever the room lives now).
 */
export class RoomHandover {
  /**
   * Told after a room was restored here, and when this node lost a room; the classroom's bots
   * follow their rooms this way (bot-host.ts).
   */
  onRestored: (room: Room) => void = () => undefined;
  onLost: (code: string) => void = () => undefined;

  constructor(private readonly deps: RoomHandoverDeps) {}

  /**
   * A room this node restored (a restart, or a takeover): its seats come back from the saved
   * session ids; the ones this node's sockets carried as mirrors become local players at once.
   */
  adoptRestored(room: Room, sessions: readonly string[]): void {
    const seats = this.deps.seats;
    for (let slot = 0; slot < sessions.length; slot++) {
      if (sessions[slot] === '' || !room.world.active[slot]) continue;
      const seat = seats.restore(room.code, slot, sessions[slot]);
      const link = seat.link;
      if (link === null) continue;
      const result = room.reconnect(slot);
      if (!result.ok) {
        seats.free(seat);
        link.sendControl(ControlEvent.Error, { code: result.code, message: result.message } satisfies ErrorMessage);
        continue;
      }
      // Local now: the owner's own players never subscribe to the room's cluster channel.
      link.unsubscribe(room.code);
      seats.attach(seat, seats.nodeId, link);
    }
    this.deps.channel.roster(room);
    this.onRestored(room);
  }

  /**
   * Another process owns the room now (another node took it over, or its owner restarted):
   * resume this node's players there.
   */
  async rehome(code: string, owner: string, ownerIncarnation: string): Promise<void> {
    const { seats } = this.deps;
    for (const seat of [...seats.seatsOf(code)]) {
      if (seat === null || seat.owner === seats.nodeId || seat.link === null) continue;
      if (seat.owner === owner && seat.ownerIncarnation === ownerIncarnation) continue;
      const reply = await this.deps.resumeAt(owner, seat.token).catch(() => null);
      if (reply === null) continue; // not answering yet: the next duty tries again
      if (reply.ok) {
        seat.owner = owner;
        seat.ownerIncarnation = reply.ownerIncarnation;
        continue;
      }
      const link = seat.link;
      link.unsubscribe(code);
      seats.free(seat);
      link.sendControl(ControlEvent.Error, { code: reply.code, message: reply.message } satisfies ErrorMessage);
    }
  }

  /** Another node holds this room now (split brain after a Redis outage): let its players go. */
  dropLostRoom(room: Room): void {
    this.deps.rooms.discard(room.code);
    this.onLost(room.code);
    for (const seat of this.deps.seats.forgetRoom(room.code)) {
      const link = seat.link;
      if (link === null) continue;
      link.sendControl(ControlEvent.Shutdown, { message: 'The room moved to another server; reconnecting.' } satisfies ShutdownMessage);
      link.dropTransport();
    }
    this.deps.log.info({ room: room.code }, 'players of a lost room sent to reconnect');
  }
}
