import type { RoomView } from '../teacher-api';

/**
 * Who is in the room, counted once for every lesson card (issue 12: the state card said 5
 * players where the balancing card said 3, one counting the bots and one not). Students are
 * people with a connection; bots are players the owner node runs itself, with no connection
 * to balance, so each card shows them apart rather than folded in.
 */
export interface PlayerCounts {
  /** Students connected right now. */
  connected: number;
  /** Students whose scooter waits for them to resume. */
  away: number;
  bots: number;
  /** Connected students per node id. */
  perNode: Map<string, number>;
}

export function countPlayers(view: RoomView | null, knownNodes: readonly string[] = []): PlayerCounts {
  const perNode = new Map<string, number>(knownNodes.map((id) => [id, 0]));
  const counts: PlayerCounts = { connected: 0, away: 0, bots: 0, perNode };
  for (const p of view?.players ?? []) {
    if (p.bot) counts.bots++;
    else if (!p.connected) counts.away++;
    else {
      counts.connected++;
      perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1);
    }
  }
  return counts;
}
