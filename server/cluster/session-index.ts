/**
 * The cluster-wide session index: which room and slot a resume token belongs to, kept in the
 * cluster's session store for the players of this node's rooms, so a resume that lands on
 * another node finds its room. Without Redis only this node's seats answer.
 */
import type { RoomManager } from '../rooms/room-manager';
import { sessionIdOf } from '../security/session-id';
import type { Seat } from '../seats/seat';
import type { SeatRegistry } from '../seats/seat-registry';
import { SESSION_TTL_MS } from './cluster-duties';
import type { ClusterServices } from './cluster-services';

export interface SessionIndexDeps {
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
}

export class SessionIndex {
  constructor(private readonly deps: SessionIndexDeps) {}

  /** The session behind a resume token, from this node's seats or the cluster's store. */
  async sessionOf(token: string): Promise<{ code: string; slot: number; name: string } | null> {
    const seat = this.deps.seats.byResumeToken(token);
    const room = seat === undefined ? undefined : this.deps.rooms.get(seat.code);
    if (seat !== undefined && room !== undefined) return { code: seat.code, slot: seat.slot, name: room.names[seat.slot] };
    return this.deps.services.sessions.get(sessionIdOf(token)).catch(() => null);
  }

  /** A player of this node's room joined or resumed: remember the session cluster-wide. */
  remember(seat: Seat): void {
    if (!this.deps.services.enabled) return;
    const name = this.deps.rooms.get(seat.code)?.names[seat.slot] ?? '';
    this.deps.services.sessions.put(seat.sessionId, { code: seat.code, slot: seat.slot, name }, SESSION_TTL_MS).catch(() => undefined);
  }

  forget(sessionId: string): void {
    if (!this.deps.services.enabled || sessionId.length === 0) return;
    this.deps.services.sessions.delete(sessionId).catch(() => undefined);
  }
}
