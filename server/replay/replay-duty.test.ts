import { describe, expect, it, vi } from 'vitest';
import type { ReplayStore } from '../cluster/replay-store';
import type { Logger } from '../logger';
import type { FinishedRecording } from '../rooms/recording-shapes';
import { Room } from '../rooms/room';
import type { SeatRegistry } from '../seats/seat-registry';
import { RoomDriver, testRoomOptions } from '../test-support/room-driver';
import { loadConfig } from '../config';
import { RoomManager } from '../rooms/room-manager';
import { CUT_EVERY_SECONDS, ReplayDuty } from './replay-duty';

/** A store that says what it was asked, and whose finish() waits until the test lets it go. */
function recordingStore() {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const store: ReplayStore = {
    durable: false,
    forgetRoom: async (code) => void calls.push(`forget ${code}`),
    begin: async (_code, round) => void calls.push(`begin ${round}`),
    putChunks: async () => void calls.push('put'),
    abandon: async (_code, round) => void calls.push(`abandon ${round}`),
    finish: async (_code, finished: FinishedRecording) => {
      calls.push(`finish ${finished.round}`);
      await new Promise<void>((resolve) => waiting.push(resolve));
      calls.push(`finished ${finished.round}`);
      return { round: finished.round, status: 'finished', startedAtEpochMs: 0, endedAtEpochMs: 0, endReason: finished.endReason, bytes: 0, etag: '', playerMinutes: 0 } as never;
    },
    list: async () => [],
    load: async () => null,
  };
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { store, calls, release };
}

const quietLog = { info() {}, warn() {}, error() {} } as unknown as Logger;
const noSeats = { seatsOf: () => [] } as unknown as SeatRegistry;
const settleIo = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const { store, calls, release } = recordingStore();
  // The room manager's part the duty uses: a map of rooms, and the news of one added (here by hand, as everySecond finds it).
  const rooms = Object.assign(new Map<string, Room>(), { onAdded: () => {} });
  const duty = new ReplayDuty({ rooms: rooms as unknown as RoomManager, seats: noSeats, store, log: quietLog, tickRateHz: 30 });
  const room = new Room(testRoomOptions(), 0);
  rooms.set(room.code, room);
  const driver = new RoomDriver(room, 3);
  driver.join();
  driver.join();
  duty.everySecond();
  return { duty, rooms, room, driver, calls, release };
}

describe('ReplayDuty (issue 14)', () => {
  it('a round that begins while a store call waits is stored in the same turn, not a second later', async () => {
    const { room, driver, calls, release } = setup();
    room.startRound();
    driver.run(20);
    room.endRound(); // round 1 finished: the store starts, finish() waits
    await settleIo();
    room.startRound(); // round 2 begins while the duty is busy
    release();
    await settleIo();
    await settleIo();
    expect(calls).toEqual(['forget TESTRM', 'begin 1', 'finish 1', 'finished 1', 'begin 2']);
    expect(room.recorder.outbox.hasNews).toBe(false);
  });

  it('settle() waits for what came while a store call waited (a graceful stop loses nothing)', async () => {
    const { duty, room, driver, release } = setup();
    room.startRound();
    driver.run(20);
    room.endRound();
    await settleIo();
    room.startRound();
    const settled = duty.settle();
    release();
    await settled;
    expect(room.recorder.outbox.hasNews).toBe(false);
  });

  it('a new room under the code of one still storing waits for it: the old round is stored before the code is forgotten', async () => {
    const { duty, rooms, room, driver, calls, release } = setup();
    room.startRound();
    driver.run(20);
    room.endRound();
    await settleIo();
    const next = new Room(testRoomOptions(), 0);
    rooms.set(next.code, next);
    duty.everySecond();
    await settleIo();
    expect(calls).toEqual(['forget TESTRM', 'begin 1', 'finish 1']);
    release();
    await settleIo();
    await settleIo();
    expect(calls).toEqual(['forget TESTRM', 'begin 1', 'finish 1', 'finished 1', 'forget TESTRM']);
  });

  it('samples each seated player\'s RTT every second and cuts the running round every CUT_EVERY_SECONDS', () => {
    const { store } = recordingStore();
    const rooms = Object.assign(new Map<string, Room>(), { onAdded: () => {} });
    const seats = { seatsOf: () => [{ slot: 0, rttMs: 40 }, null, { slot: 1, rttMs: 55 }] } as unknown as SeatRegistry;
    const duty = new ReplayDuty({ rooms: rooms as unknown as RoomManager, seats, store, log: quietLog, tickRateHz: 30 });
    const room = new Room(testRoomOptions(), 0);
    rooms.set(room.code, room);
    const driver = new RoomDriver(room, 3);
    driver.join();
    driver.join();
    duty.everySecond();
    room.startRound();
    const rtt = vi.spyOn(room.recorder, 'rtt');
    const cut = vi.spyOn(room.recorder, 'cut');
    const seconds = 3 * CUT_EVERY_SECONDS;
    for (let tick = 0; tick < seconds * 30; tick++) {
      driver.run(1);
      duty.afterTick(tick);
    }
    expect(rtt).toHaveBeenCalledTimes(2 * seconds);
    expect(rtt.mock.calls.slice(0, 2)).toEqual([
      [0, 40],
      [1, 55],
    ]);
    expect(cut).toHaveBeenCalledTimes(3);
    expect(room.recorder.pendingChunks.length).toBe(3);
  });

  it('a room the room manager makes is tracked at once: its first round is listed as it begins', async () => {
    const { store, calls } = recordingStore();
    const rooms = new RoomManager(loadConfig({}), () => 0);
    new ReplayDuty({ rooms, seats: noSeats, store, log: quietLog, tickRateHz: 30 });
    const made = rooms.create({ code: 'FRESH2' });
    if (!made.ok) throw new Error('no room');
    made.room.tick(); // an auto room starts its round on its first tick
    await settleIo();
    expect(calls).toEqual(['forget FRESH2', `begin ${made.room.world.round}`]);
  });
});
