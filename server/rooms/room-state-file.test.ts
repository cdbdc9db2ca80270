import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { RoomManager } from './room-manager';
import { snapshotRoom } from './room-snapshot';
import { loadRoomsFromFile, saveRoomsToFile } from './room-state-file';

/** Issue 13 §5: saved rooms hold resume tokens; a bad file must not stop the node. */
describe('the saved-rooms file', () => {
  let dir = '';
  let file = '';
  const logged: string[] = [];
  const log = {
    error: (_details: object, message: string) => {
      logged.push(message);
    },
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-rooms-file-'));
    file = path.join(dir, 'rooms.json');
    logged.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function someRooms(count: number) {
    const rooms = new RoomManager(loadConfig({}), () => performance.now());
    for (let i = 0; i < count; i++) rooms.create({});
    return rooms;
  }

  function snapshotsOf(rooms: RoomManager) {
    return [...rooms.values()].map((room) => snapshotRoom(room, new Array<string>(room.capacity).fill('')));
  }

  it('is written private (0600) and whole, and read back', async () => {
    const rooms = someRooms(2);
    expect(await saveRoomsToFile(file, snapshotsOf(rooms))).toBe(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['rooms.json']);
    const restored = await loadRoomsFromFile(file, 60_000, performance.now(), log);
    expect(restored.map((r) => r.room.code).sort()).toEqual([...rooms.values()].map((r) => r.code).sort());
    expect(existsSync(file)).toBe(false);
  });

  it('a corrupt file is moved aside and logged; the start goes on with no rooms', async () => {
    for (const junk of ['{"savedAtEpochMs": 1, "rooms": [', 'null', '{"rooms": 5}', '\u0000\u0001garbage']) {
      writeFileSync(file, junk, { mode: 0o600 });
      await expect(loadRoomsFromFile(file, 60_000, performance.now(), log)).resolves.toEqual([]);
      expect(existsSync(file)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('rooms.json.corrupt-')).length).toBeGreaterThan(0);
    expect(logged.filter((m) => m.includes('corrupt')).length).toBe(4);
  });

  it('one room that does not restore is skipped, the others come back', async () => {
    await saveRoomsToFile(file, snapshotsOf(someRooms(2)));
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as { rooms: { scalars: Record<string, number> }[] };
    parsed.rooms[0].scalars = { tick: Number.NaN, nonsense: 1 };
    writeFileSync(file, JSON.stringify(parsed), { mode: 0o600 });
    expect((await loadRoomsFromFile(file, 60_000, performance.now(), log)).length).toBe(1);
    expect(logged.some((m) => m.includes('did not restore'))).toBe(true);
  });

  it('a file others may write is not believed', async () => {
    await saveRoomsToFile(file, snapshotsOf(someRooms(1)));
    chmodSync(file, 0o666);
    expect(await loadRoomsFromFile(file, 60_000, performance.now(), log)).toEqual([]);
    expect(logged.some((m) => m.includes('does not control'))).toBe(true);
  });
});
