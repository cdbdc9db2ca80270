import { describe, expect, it } from 'vitest';
import { AppliedInputLog, APPLIED_INPUT_WORDS, LATE_MARK, TICK_MARK } from '../../shared/replay/applied-input-log';
import { frameRecording } from '../../shared/replay/recording-file';
import { readRecording } from '../../shared/replay/recording-reader';
import type { Recording } from '../../shared/replay/recording';
import { KeyframeReason } from '../../shared/replay/replay-format';
import { verifyRecording } from '../../shared/replay/verify-recording';
import { startRound } from '../../shared/sim/round';
import { addPlayer } from '../../shared/sim/players';
import { packControl } from '../../shared/sim/steering';
import { createInputFrame, createWorld } from '../../shared/sim/world';
import { RoomDriver, testRoomOptions } from '../test-support/room-driver';
import { InputBuffer, inputLimitsFor } from './input-buffer';
import type { FinishedRecording } from './recording-shapes';
import { Room } from './room';
import { RoundRecorder } from './round-recorder';

function recordingOf(finished: FinishedRecording): Recording {
  const decoded = readRecording(frameRecording(finished.chunks));
  if (!decoded.ok) throw new Error(`${decoded.code}: ${decoded.message}`);
  return decoded.value;
}

/** The recorder's path through a room's tick (issue 14): the applied-input log and afterStep's checks. */
describe('the recorder on the tick path', () => {
  it('the input buffer logs each input it applies while a round records, and nothing otherwise', () => {
    const log = new AppliedInputLog(4);
    const buffer = new InputBuffer(4, inputLimitsFor(30), log);
    const frame = createInputFrame(4);
    buffer.accept(2, 1, 100, packControl(5, 0), 100);
    expect(buffer.takeDue(2, 100, frame)).toBe(true);
    expect(log.count).toBe(0);
    log.recording = true;
    buffer.accept(2, 2, 101, packControl(0, 0x1234), 101);
    buffer.accept(3, 7, 99, packControl(1, 0), 101); // two ticks late: applied now, late 2
    expect(buffer.takeDue(2, 101, frame)).toBe(true);
    expect(buffer.takeDue(3, 101, frame)).toBe(true);
    expect(buffer.takeDue(3, 102, frame)).toBe(false);
    // A tick marker, slot 2's input, a lateness marker (2 ticks) and slot 3's input.
    expect(log.count).toBe(4);
    const entries = Array.from(log.words.subarray(0, 4 * APPLIED_INPUT_WORDS));
    expect(entries).toEqual([(TICK_MARK << 24) >>> 0, 101, packControl(0, 0x1234) | (2 << 24), 2, ((LATE_MARK << 24) | 2) >>> 0, 0, packControl(1, 0) | (3 << 24), 7]);
  });

  it('periodic keyframes are keyframeEveryTicks apart, in rounds that start by themselves and by the teacher', () => {
    for (const mode of ['auto', 'teacher'] as const) {
      const room = new Room(testRoomOptions({ mode, world: { ...testRoomOptions().world, roundSeconds: 20, autoRounds: mode === 'auto' } }), 0);
      const driver = new RoomDriver(room, 11);
      driver.join();
      driver.join();
      if (mode === 'teacher') room.startRound();
      driver.run(30 * 30);
      const recording = recordingOf(room.recorder.outbox.finished[0]);
      const ticks = recording.keyframes.map((i) => recording.events[i]).filter((e) => e.kind === 'keyframe' && e.reason !== KeyframeReason.Final).map((e) => e.tick);
      expect(ticks.length).toBeGreaterThan(2);
      const every = room.recorder.options.keyframeEveryTicks;
      expect(ticks.slice(1).map((t, i) => t - ticks[i])).toEqual(new Array(ticks.length - 1).fill(every));
      expect(verifyRecording(recording).problems).toEqual([]);
    }
  });

  it('RTTs go in as they are sampled, rounded, and only when they changed', () => {
    const room = new Room(testRoomOptions(), 0);
    const driver = new RoomDriver(room, 5);
    const slot = driver.join();
    room.startRound();
    driver.run(10);
    room.recorder.rtt(slot, 40.4);
    room.recorder.cut();
    driver.run(30);
    room.recorder.rtt(slot, 39.6);
    room.recorder.cut();
    driver.run(30);
    room.recorder.rtt(slot, 71);
    room.recorder.rtt(slot + 1, 20); // no player there: not recorded
    room.endRound();
    const rtts = recordingOf(room.recorder.outbox.finished[0]).events.filter((e) => e.kind === 'rtt');
    expect(rtts.map((e) => [e.slot, e.rttMs])).toEqual([
      [slot, 40],
      [slot, 71],
    ]);
  });

  it('a recording whose input log overflowed stops as abandoned; the room plays on', () => {
    const world = createWorld({ tickRateHz: 30, maxPlayers: 4, roundSeconds: 30, resultsSeconds: 5, seed: 7, autoRounds: false });
    const log = new AppliedInputLog(4);
    const recorder = new RoundRecorder({ code: 'OVERFL', world, names: ['A', '', '', ''], ticksPerSnapshot: 1, applied: log }, { enabled: true, keyframeEveryTicks: 150, maxRoundBytes: 1 << 20 });
    addPlayer(world, 0);
    startRound(world);
    recorder.roundChanged();
    expect(recorder.recordingRound).toBe(world.round);
    for (let i = 0; i < 100_000 && !log.overflowed; i++) log.add(world.tick, 0, 0, i + 1, 0);
    expect(log.overflowed).toBe(true);
    recorder.cut();
    expect(recorder.recordingRound).toBe(-1);
    expect(recorder.outbox.abandoned).toEqual([world.round]);
    expect(recorder.outbox.lastFailure).toMatch(/overflowed/);
    expect(log.recording).toBe(false);
    expect(log.count).toBe(0);
  });
});
