import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol/error-code';
import { Room, type RoomOptions } from './room';

const options: RoomOptions = {
  code: 'BCDFG',
  world: { tickRateHz: 30, maxPlayers: 4, roundSeconds: 60, resultsSeconds: 5, seed: 7, autoRounds: true },
  ticksPerSnapshot: 1,
  snapshotsPerKeyframe: 150,
  resumeGraceMs: 30_000,
  emptyRoomGraceMs: 60_000,
  mode: 'auto',
};

describe('names in a room (issue #13)', () => {
  it('refuses an exact duplicate of a seated player, and frees the name when they leave', () => {
    const room = new Room(options, 0);
    const first = room.join('Ada', 0);
    expect(first.ok).toBe(true);
    expect(room.join('Ada', 0)).toMatchObject({ ok: false, code: ErrorCode.NAME_TAKEN });
    expect(room.join('Ada ', 0).ok).toBe(true);
    if (first.ok) room.leave(first.slot, 0);
    expect(room.join('Ada', 0).ok).toBe(true);
  });
});
