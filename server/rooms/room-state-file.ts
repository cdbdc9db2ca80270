import { rename, rm } from 'node:fs/promises';
import { readOwnFileSync, writePrivateFile } from '../security/private-file';
import type { Room } from './room';
import { restoreRoom, type RoomSnapshot } from './room-snapshot';

/** What loading logs to (the node's pino logger fits). */
export interface RoomStateLog {
  error(details: object, message: string): void;
}

interface RoomStateFile {
  savedAtEpochMs: number;
  rooms: RoomSnapshot[];
}

/**
 * Saves every room. The file holds every seat's resume token, so it is private (0600); it is
 * written aside and renamed, so a crash halfway never leaves a half-written file for the next
 * start to trip over (issue 13 §5).
 */
export async function saveRoomsToFile(path: string, snapshots: RoomSnapshot[]): Promise<number> {
  const body: RoomStateFile = { savedAtEpochMs: Date.now(), rooms: snapshots };
  await writePrivateFile(path, JSON.stringify(body));
  return snapshots.length;
}

/**
 * Loads the rooms a previous run saved, if it saved them less than `maxAgeMs` ago (older
 * sessions could not be resumed anyway). The file is removed once read: rooms live in one place.
 *
 * Never stops the node from starting: a file this user does not own (or others may write) is
 * left alone, and one that does not parse is moved aside (PATH.corrupt-TIME) for a look later;
 * both are logged and the node starts empty. A room that does not restore is skipped alone.
 */
export async function loadRoomsFromFile(path: string, maxAgeMs: number, nowMs: number, log?: RoomStateLog): Promise<{ room: Room; sessions: string[] }[]> {
  const read = readOwnFileSync(path);
  if (!read.ok) {
    if (read.reason !== 'missing') log?.error({ file: path, reason: read.reason, detail: read.detail }, 'not restoring rooms from a file this user does not control; starting empty');
    return [];
  }
  let saved: RoomStateFile;
  try {
    saved = parseRoomStateFile(read.text);
  } catch (error) {
    const aside = `${path}.corrupt-${Date.now()}`;
    const moved = await rename(path, aside).then(
      () => true,
      () => false,
    );
    log?.error(
      { file: path, movedTo: moved ? aside : undefined, err: error instanceof Error ? error.message : String(error) },
      'the saved rooms file is corrupt: moved it aside and starting empty',
    );
    if (!moved) await rm(path, { force: true }).catch(() => undefined);
    return [];
  }
  await rm(path, { force: true });
  if (!(Date.now() - saved.savedAtEpochMs <= maxAgeMs)) return [];
  const rooms: { room: Room; sessions: string[] }[] = [];
  for (const snapshot of saved.rooms) {
    try {
      rooms.push(restoreRoom(snapshot, nowMs));
    } catch (error) {
      log?.error({ file: path, err: error instanceof Error ? error.message : String(error) }, 'a saved room did not restore; skipped it');
    }
  }
  return rooms;
}

function parseRoomStateFile(text: string): RoomStateFile {
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a saved-rooms file');
  const { savedAtEpochMs, rooms } = parsed as { savedAtEpochMs?: unknown; rooms?: unknown };
  if (typeof savedAtEpochMs !== 'number' || !Array.isArray(rooms)) throw new Error('not a saved-rooms file (no rooms list or save time)');
  return { savedAtEpochMs, rooms: rooms as RoomSnapshot[] };
}
