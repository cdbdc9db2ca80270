import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Room } from './room';
import { restoreRoom, type RoomSnapshot } from './room-snapshot';

interface RoomStateFile {
  savedAtEpochMs: number;
  rooms: RoomSnapshot[];
}

/**
 * Saves every room at a graceful shutdown. Written to a temporary name and renamed, so a crash
 * halfway never leaves a half-written file for the next start to trip over.
 */
export async function saveRoomsToFile(path: string, snapshots: RoomSnapshot[]): Promise<number> {
  const body: RoomStateFile = { savedAtEpochMs: Date.now(), rooms: snapshots };
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(body));
  await rename(temporary, path);
  return snapshots.length;
}

/**
 * Loads the rooms a previous run saved, if it saved them less than `maxAgeMs` ago (older
 * sessions could not be resumed anyway). The file is removed once read: rooms live in one place.
 */
export async function loadRoomsFromFile(path: string, maxAgeMs: number, nowMs: number): Promise<{ room: Room; tokens: string[] }[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  await rm(path, { force: true });
  const parsed = JSON.parse(text) as RoomStateFile;
  if (!Array.isArray(parsed.rooms) || !(Date.now() - parsed.savedAtEpochMs <= maxAgeMs)) return [];
  return parsed.rooms.map((snapshot) => restoreRoom(snapshot, nowMs));
}
