import { describe, expect, it } from 'vitest';
import { Phase } from '../../shared/sim/constants';
import { frameRecording } from '../../shared/replay/recording-file';
import { readRecording } from '../../shared/replay/recording-reader';
import type { Recording } from '../../shared/replay/recording';
import { EndReason, KeyframeReason } from '../../shared/replay/replay-format';
import { verifyRecording } from '../../shared/replay/verify-recording';
import { RoomDriver, testRoomOptions } from '../test-support/room-driver';
import { Room } from './room';
import type { FinishedRecording } from './recording-shapes';
import { restoreRoom, snapshotRoom } from './room-snapshot';

/** Every chunk of a finished round (the ones before firstChunk must be absent: no store here). */
function recordingOf(finished: FinishedRecording): Recording {
  expect(finished.firstChunk).toBe(0);
  const decoded = readRecording(frameRecording(finished.chunks));
  if (!decoded.ok) throw new Error(`${decoded.code}: ${decoded.message}`);
  return decoded.value;
}

/** The room's own final ranking, as the leaderboard computes it. */
function standingsOf(room: Room) {
  const out: { slot: number; name: string; score: number; deliveries: number }[] = [];
  for (let slot = 0; slot < room.capacity; slot++) {
    if (room.world.active[slot]) out.push({ slot, name: room.names[slot], score: room.world.score[slot], deliveries: room.world.deliveries[slot] });
  }
  return out.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.slot - b.slot));
}

/** A room of `players` driven `ticks` into a round, and its snapshot as it comes back from JSON (a file, Redis). */
function savedMidRound(players: number, ticks: number) {
  const first = new Room(testRoomOptions(), 0);
  const driver = new RoomDriver(first, 5);
  for (let i = 0; i < players; i++) driver.join();
  first.startRound();
  driver.run(ticks);
  const saved = JSON.parse(JSON.stringify(snapshotRoom(first, new Array<string>(first.capacity).fill('')))) as ReturnType<typeof snapshotRoom>;
  return { first, driver, saved };
}

describe('round recording (issue 14)', () => {
  it('a plain round replays to the same deliveries, scores and standings', () => {
    const room = new Room(testRoomOptions(), 0);
    const driver = new RoomDriver(room, 7);
    for (let i = 0; i < 5; i++) driver.join();
    driver.run(30);
    room.startRound();
    let deliveries = 0;
    driver.run(40 * 30 + 10, () => {
      if (room.world.tick % 30 === 0) room.recorder.cut();
      deliveries = Math.max(deliveries, room.world.deliveredTotal);
    });
    expect(room.world.phase).toBe(Phase.Results);
    expect(room.recorder.outbox.finished).toHaveLength(1);
    const finished = room.recorder.outbox.finished[0];
    expect(finished.endReason).toBe(EndReason.TimeUp);
    const recording = recordingOf(finished);
    const report = verifyRecording(recording);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(deliveries).toBeGreaterThan(3);
    expect(report.deliveries).toBe(room.world.deliveredTotal);
    expect(report.standings).toEqual(standingsOf(room));
    expect(recording.keyframes.length).toBeGreaterThan(7);
  });

  it('a round with joins, leaves, drops, resumes and late inputs replays exactly', () => {
    const room = new Room(testRoomOptions(), 0);
    const driver = new RoomDriver(room, 99, 0.04);
    for (let i = 0; i < 4; i++) driver.join();
    room.startRound();
    const counts = { join: 0, leave: 0, drop: 0, resume: 0 };
    driver.run(40 * 30 + 5, () => {
      if (room.world.tick % 30 === 0) room.recorder.cut();
    });
    const recording = recordingOf(room.recorder.outbox.finished[0]);
    for (const e of recording.events) if (e.kind in counts) counts[e.kind as keyof typeof counts]++;
    expect(counts.join).toBeGreaterThan(3);
    expect(counts.leave).toBeGreaterThan(3);
    expect(counts.drop).toBeGreaterThan(3);
    expect(counts.resume).toBeGreaterThan(1);
    const report = verifyRecording(recording);
    expect(report.problems).toEqual([]);
    expect(report.standings).toEqual(standingsOf(room));
    expect(report.deliveries).toBe(room.world.deliveredTotal);
  });

  it('a room restored from its snapshot mid-round goes on recording, the restore as a keyframe', () => {
    const { driver, saved } = savedMidRound(4, 20 * 30);
    expect(saved.replay?.chunks.length).toBeGreaterThan(0);
    const { room } = restoreRoom(saved, 0);
    // Everyone resumes on the new process, as clients do after a takeover.
    for (let slot = 0; slot < room.capacity; slot++) if (room.world.active[slot]) room.reconnect(slot);
    driver.room = room;
    driver.run(20 * 30 + 10);
    expect(room.world.phase).toBe(Phase.Results);
    const recording = recordingOf(room.recorder.outbox.finished[0]);
    const reasons = recording.keyframes.map((i) => (recording.events[i] as { reason: number }).reason);
    expect(reasons.filter((r) => r === KeyframeReason.Restored)).toHaveLength(1);
    expect(reasons.at(-1)).toBe(KeyframeReason.Final);
    const report = verifyRecording(recording);
    expect(report.problems).toEqual([]);
    expect(report.standings).toEqual(standingsOf(room));
  });

  it('a snapshot saved by a build of another recording format is not recorded further, and says so', () => {
    const { first, driver, saved } = savedMidRound(2, 3 * 30);
    // As the build before recording format 3 wrote it.
    (saved.replay as unknown as { v: number }).v = 1;
    const { room } = restoreRoom(saved, 0);
    expect(room.recorder.outbox.abandoned).toEqual([first.world.round]);
    expect(room.recorder.recordingRound).toBe(-1);
    driver.room = room;
    driver.run(30);
    expect(room.recorder.pendingChunks).toHaveLength(0);
  });

  it('a teacher who ends the round early ends its recording; the next round is a recording of its own', () => {
    const room = new Room(testRoomOptions(), 0);
    const driver = new RoomDriver(room, 3);
    driver.join();
    driver.join();
    room.startRound();
    driver.run(90);
    room.recorder.teacher('kick', 1, null);
    room.leave(1, 0);
    room.endRound();
    room.startRound();
    driver.run(30);
    room.startRound();
    expect(room.recorder.outbox.finished.map((f) => [f.round, f.endReason])).toEqual([
      [1, EndReason.TeacherEnded],
      [2, EndReason.Restarted],
    ]);
    const recording = recordingOf(room.recorder.outbox.finished[0]);
    expect(recording.events.some((e) => e.kind === 'teacher' && e.mark === 'kick' && e.playerId === 1)).toBe(true);
    expect(verifyRecording(recording).problems).toEqual([]);
    expect(room.recorder.recordingRound).toBe(3);
  });
});
