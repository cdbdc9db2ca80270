import type { Room } from '../rooms/room';

export interface StandingEntry {
  id: number;
  name: string;
  score: number;
  deliveries: number;
  connected: boolean;
}

/** A room's ranking as the stateless API serves it; `version` changes whenever it does. */
export interface RoomBoard {
  code: string;
  round: number;
  phase: string;
  players: StandingEntry[];
  version: number;
  changedAtEpochMs: number;
}

/** Best first; ties by name, so the order is stable between requests (and ETags with it). */
export function rankPlayers(room: Room): StandingEntry[] {
  const entries: StandingEntry[] = [];
  const world = room.world;
  for (let slot = 0; slot < room.capacity; slot++) {
    if (!world.active[slot]) continue;
    entries.push({
      id: slot,
      name: room.names[slot],
      score: world.score[slot],
      deliveries: world.deliveries[slot],
      connected: world.connected[slot] === 1,
    });
  }
  return entries.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/**
 * Tracks each room's board and bumps its version when the ranking changes, so caches can tell
 * fresh from stale without comparing bodies. Checked once a second, not per tick.
 */
export class StandingsTracker {
  private readonly boards = new Map<string, { signature: string; board: RoomBoard }>();

  /** The room's board, with a new version if anything changed since the last call. */
  update(room: Room, nowEpochMs: number): { board: RoomBoard; changed: boolean } {
    const players = rankPlayers(room);
    const phase = room.phaseName();
    const signature = JSON.stringify([room.world.round, phase, players]);
    const previous = this.boards.get(room.code);
    if (previous !== undefined && previous.signature === signature) return { board: previous.board, changed: false };
    const board: RoomBoard = {
      code: room.code,
      round: room.world.round,
      phase,
      players,
      version: (previous?.board.version ?? 0) + 1,
      changedAtEpochMs: nowEpochMs,
    };
    this.boards.set(room.code, { signature, board });
    return { board, changed: true };
  }

  forget(code: string): void {
    this.boards.delete(code);
  }
}
