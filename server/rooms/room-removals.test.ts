import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol/error-code';
import { Room, type RoomOptions } from './room';
import { MAX_REMOVED_PER_ROOM, RoomRemovals } from './room-removals';
import { restoreRoom, snapshotRoom } from './room-snapshot';

const options: RoomOptions = {
  code: 'BCDFG',
  world: { tickRateHz: 30, maxPlayers: 4, roundSeconds: 60, resultsSeconds: 5, seed: 7, autoRounds: false },
  ticksPerSnapshot: 1,
  snapshotsPerKeyframe: 150,
  resumeGraceMs: 30_000,
  emptyRoomGraceMs: 60_000,
  mode: 'teacher',
};
const ANA = 'device-of-ana-0123456789';
const BO = 'device-of-bo-0123456789';

describe('a room keeps removed devices out until the teacher lets them back in', () => {
  it('refuses a removed device with REMOVED, lets others and device-less clients in, and readmits', () => {
    const room = new Room(options, 0);
    const ana = room.join('Ana', 0, ANA);
    expect(ana).toEqual({ ok: true, slot: 0 });
    room.join('Bo', 0, BO);
    const removed = room.removals.remove(0, 'Ana', 1234);
    room.leave(0, 0);
    expect(removed).toEqual({ id: 1, name: 'Ana', removedAtEpochMs: 1234 });
    expect(room.join('Ana again', 0, ANA)).toMatchObject({ ok: false, code: ErrorCode.REMOVED });
    // The refusal is the device's, not the name's: another device with that name joins.
    expect(room.join('Ana', 0, 'another-device-0123456789')).toMatchObject({ ok: true });
    expect(room.join('Bot 1', 0)).toMatchObject({ ok: true });
    expect(room.removals.list()).toEqual([{ id: 1, name: 'Ana', removedAtEpochMs: 1234 }]);

    expect(room.removals.readmit(99)).toBe(false);
    expect(room.removals.readmit(1)).toBe(true);
    expect(room.removals.list()).toEqual([]);
    room.leave(2, 0);
    // Another name: the other device's Ana still sits in the room (exact duplicates are refused).
    expect(room.join('Ana B', 0, ANA)).toMatchObject({ ok: true });
  });

  it('has nothing to keep out for a player who sent no device, and forgets a slot\'s device when it is freed', () => {
    const room = new Room(options, 0);
    room.join('Bot 1', 0);
    expect(room.removals.remove(0, 'Bot 1', 0)).toBeNull();
    room.join('Cy', 0, ANA);
    room.leave(1, 0);
    // Slot 1's next occupant sent no device: removing them keeps nobody out.
    room.join('Dee', 0);
    expect(room.removals.remove(1, 'Dee', 0)).toBeNull();
    expect(room.removals.list()).toEqual([]);
  });

  it('travels with the room snapshot (a restart, a takeover)', () => {
    const room = new Room(options, 0);
    room.join('Ana', 0, ANA);
    room.join('Bo', 0, BO);
    room.removals.remove(0, 'Ana', 5);
    room.leave(0, 0);
    const { room: restored } = restoreRoom(JSON.parse(JSON.stringify(snapshotRoom(room, ['', 'tok-b', '', '']))), 0);
    expect(restored.join('Ana', 0, ANA)).toMatchObject({ ok: false, code: ErrorCode.REMOVED });
    expect(restored.removals.list()).toEqual([{ id: 1, name: 'Ana', removedAtEpochMs: 5 }]);
    // Bo's device came along with the seat: removing Bo after the restore keeps Bo out too.
    expect(restored.removals.remove(1, 'Bo', 6)).toMatchObject({ id: 2, name: 'Bo' });
    // The owner's own bots travel too, so the next owner runs them on.
    room.serverBots.add(1);
    expect([...restoreRoom(snapshotRoom(room, ['', 'tok-b', '', '']), 0).room.serverBots]).toEqual([1]);
    // A snapshot from before the removal list restores with nobody kept out.
    const old = snapshotRoom(room, ['', 'tok-b', '', '']);
    delete old.removals;
    expect(restoreRoom(old, 0).room.join('Ana', 0, ANA)).toMatchObject({ ok: true });
  });

  it('stays bounded: the oldest removal gives way', () => {
    const removals = new RoomRemovals(1);
    for (let i = 0; i < MAX_REMOVED_PER_ROOM + 5; i++) {
      removals.seat(0, `device-${String(i).padStart(16, '0')}`);
      removals.remove(0, `P${i}`, i);
    }
    expect(removals.list()).toHaveLength(MAX_REMOVED_PER_ROOM);
    expect(removals.isRemoved(`device-${'0'.repeat(16)}`)).toBe(false);
    expect(removals.isRemoved(`device-${String(MAX_REMOVED_PER_ROOM + 4).padStart(16, '0')}`)).toBe(true);
  });
});
