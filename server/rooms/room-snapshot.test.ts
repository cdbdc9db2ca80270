import { describe, expect, it } from 'vitest';
import { Button } from '../../shared/sim/constants';
import { Room, type RoomOptions } from './room';
import { restoreRoom, snapshotRoom, worldStateKeys } from './room-snapshot';

const options: RoomOptions = {
  code: 'BCDFG',
  world: { tickRateHz: 30, maxPlayers: 8, roundSeconds: 60, resultsSeconds: 5, seed: 4242, autoRounds: true },
  ticksPerSnapshot: 1,
  snapshotsPerKeyframe: 150,
  resumeGraceMs: 30_000,
  emptyRoomGraceMs: 60_000,
  mode: 'auto',
};

function playedRoom(): Room {
  const room = new Room(options, 0);
  for (const name of ['Ada', 'Bo', 'Cy']) room.join(name, 0);
  for (let t = 1; t <= 200; t++) {
    room.acceptInput(0, t, room.world.tick, Button.Up | (t % 40 < 10 ? Button.Left : 0));
    room.acceptInput(1, t, room.world.tick, Button.Up | Button.Right);
    room.tick();
  }
  room.world.score[1] = 340;
  room.world.carrying[2] = 2;
  return room;
}

const TOKENS = ['tok-a', 'tok-b', 'tok-c', '', '', '', '', ''];

describe('room snapshot', () => {
  it('restores every field of the world, names and tokens, with every player dropped', () => {
    const room = playedRoom();
    const { room: restored, sessions } = restoreRoom(JSON.parse(JSON.stringify(snapshotRoom(room, TOKENS))), 1000);
    for (const key of worldStateKeys(room.world)) {
      if (key === 'connected' || key === 'buttons') continue;
      expect((restored.world as unknown as Record<string, unknown>)[key], key).toEqual(
        (room.world as unknown as Record<string, unknown>)[key],
      );
    }
    expect(restored.names).toEqual(room.names);
    expect(sessions).toEqual(TOKENS);
    expect(Array.from(restored.world.connected.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(restored.world.score[1]).toBe(340);
    expect(restored.world.carrying[2]).toBe(2);
  });

  it('lets a restored player reconnect to its slot and play on', () => {
    const room = playedRoom();
    const { room: restored } = restoreRoom(snapshotRoom(room, TOKENS), 0);
    expect(restored.reconnect(0)).toEqual({ ok: true, slot: 0 });
    expect(restored.reconnect(5)).toMatchObject({ ok: false });
    // Sequence numbers carry on from the last one the world applied.
    const tick = restored.world.tick;
    expect(restored.acceptInput(0, room.world.ackSeq[0], tick, Button.Up)).not.toBeNull();
    expect(restored.acceptInput(0, room.world.ackSeq[0] + 1, tick, Button.Up)).toBeNull();
  });

  it('refuses a snapshot whose arrays do not fit the room', () => {
    const snapshot = snapshotRoom(playedRoom(), TOKENS);
    snapshot.arrays.px = Buffer.from(new Int32Array(3).buffer).toString('base64');
    expect(() => restoreRoom(snapshot, 0)).toThrow(/px/);
  });

  it('refuses a snapshot whose sessions do not fit the room', () => {
    const snapshot = snapshotRoom(playedRoom(), TOKENS.slice(0, 3));
    expect(() => restoreRoom(snapshot, 0)).toThrow(/sessions/);
  });
});
