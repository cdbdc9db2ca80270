import { PlayerWatch } from './player-watch';
import { waitFor } from '../../server/test-support/wait-for';

/** Creates a room on a node or balancer; its code. */
export async function createRoomAt(url: string): Promise<string> {
  const response = await fetch(new URL('/api/rooms', url), { method: 'POST', signal: AbortSignal.timeout(5000) });
  if (response.status !== 201) throw new Error(`POST /api/rooms answered ${response.status}`);
  return ((await response.json()) as { code: string }).code;
}

/** Joins `count` watched bots into `room`, waits until each receives a synced stream. */
export async function joinWatchers(url: string, room: string, count: number, prefix: string): Promise<PlayerWatch[]> {
  const watches: PlayerWatch[] = [];
  for (let i = 0; i < count; i++) watches.push(new PlayerWatch(url, `${prefix}${i}`, i));
  try {
    await Promise.all(watches.map((w) => w.bot.join(room)));
    await waitFor(`${count} bots in ${room} synced`, () => watches.every((w) => w.healthy), 15_000);
  } catch (error) {
    stopWatchers(watches);
    throw error;
  }
  return watches;
}

export function stopWatchers(watches: readonly PlayerWatch[]): void {
  for (const w of watches) w.bot.stop();
}

/** Snapshots per second of the slowest bot over `ms`. */
export async function slowestSnapshotRate(watches: readonly PlayerWatch[], ms: number): Promise<number> {
  const before = watches.map((w) => w.snapshots);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Math.min(...watches.map((w, i) => ((w.snapshots - before[i]) * 1000) / ms));
}

/** Everything a watched group got wrong, as readable lines (empty: nothing). */
export function watchProblems(watches: readonly PlayerWatch[]): string[] {
  const problems: string[] = [];
  for (const w of watches) {
    const c = w.bot.connection;
    const who = `bot ${w.firstPlayerId}`;
    if (c.decodeErrors > 0) problems.push(`${who}: ${c.decodeErrors} snapshots did not decode`);
    if (w.slotChanges > 0) problems.push(`${who}: came back in another slot ${w.slotChanges} time(s)`);
    for (const drop of w.scoreDrops) problems.push(`${who}: score went down (${drop})`);
    if (!w.healthy) problems.push(`${who}: not connected and synced at the end`);
  }
  return problems;
}
