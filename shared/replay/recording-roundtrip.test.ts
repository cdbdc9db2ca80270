import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { readRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import type { Recording } from './recording';
import { EndReason, KeyframeReason } from './replay-format';
import { Replayer } from './replayer';
import { scriptedRound } from './test-recording';
import { verifyRecording, type VerifyReport } from './verify-recording';

function decode(bytes: Uint8Array): Recording {
  const result = readRecording(bytes);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

describe('recording round trip', () => {
  it('a scripted round decodes and replays exactly: keyframes, deliveries and standings', () => {
    for (const seed of [1, 2, 3]) {
      const round = scriptedRound(seed, { ticks: 1500, churn: 0.03 });
      const recording = decode(round.bytes);
      expect(recording.endReason).toBe(EndReason.TeacherEnded);
      expect(recording.header.code).toBe('TEST42');
      expect(recording.header.names.every((n) => n.name.endsWith('é'))).toBe(true);
      const report: VerifyReport = verifyRecording(recording);
      expect(report.problems).toEqual([]);
      expect(report.deliveries).toBe(round.world.deliveredTotal);
      for (const s of report.standings) expect(s.score).toBe(round.world.score[s.slot]);
      expect(report.standings.map((s) => s.name)).toEqual(report.standings.map((s) => round.names[s.slot]));
    }
  });

  it('seeking anywhere (from the nearest keyframe) shows every scooter where the round had it', () => {
    const round = scriptedRound(11, { ticks: 1200, churn: 0.02 });
    const recording = decode(round.bytes);
    const replayer = new Replayer(recording);
    fc.assert(
      fc.property(fc.integer({ min: recording.startTick, max: recording.endTick }), (tick) => {
        replayer.seek(tick);
        expect(replayer.tick).toBe(tick);
        const truth = round.positions.get(tick)!;
        expect(Array.from(replayer.world.active)).toEqual(Array.from(truth.active));
        expect(Array.from(replayer.world.px)).toEqual(Array.from(truth.px));
        expect(Array.from(replayer.world.py)).toEqual(Array.from(truth.py));
      }),
      { numRuns: 60 },
    );
  });

  it('playing forward tick by tick passes through every recorded position', () => {
    const round = scriptedRound(12, { ticks: 600 });
    const replayer = new Replayer(decode(round.bytes));
    while (!replayer.finished) {
      const truth = round.positions.get(replayer.tick)!;
      expect(Array.from(replayer.world.px)).toEqual(Array.from(truth.px));
      replayer.advance(1);
    }
  });

  it('a keep-alive costs a few bits: inputs as predicted decode to seq + 1 and the same buttons', () => {
    const round = scriptedRound(5, { ticks: 300, churn: 0 });
    const recording = decode(round.bytes);
    const inputs = recording.events.filter((e) => e.kind === 'input');
    expect(inputs.length).toBeGreaterThan(200);
    const seqAt = INPUT_FIELD_NAMES.indexOf('seq');
    const bySlot = new Map<number, number>();
    for (const e of inputs) {
      const previous = bySlot.get(e.slot);
      if (previous !== undefined) expect(e.values[seqAt]).toBeGreaterThan(previous);
      bySlot.set(e.slot, e.values[seqAt]);
    }
    // Keyframes of 8 slots, ~0.3 inputs per player-tick, a second of play: a few hundred bytes a second.
    expect(round.bytes.length / (300 / 30)).toBeLessThan(600);
    expect(recording.keyframes.map((i) => (recording.events[i] as { reason: number }).reason)).toEqual([KeyframeReason.Start, KeyframeReason.Periodic, KeyframeReason.Periodic, KeyframeReason.Final]);
  });
});

describe('cut chunks', () => {
  it('keep their bytes while later chunks are cut into the same slab, and one larger than a slab gets its own', () => {
    const writer = new RecordingWriter(4);
    const cutAt: { chunk: Uint8Array; bytes: number[] }[] = [];
    const keep = (chunk: Uint8Array | null) => {
      if (chunk === null) throw new Error('nothing was cut');
      cutAt.push({ chunk, bytes: Array.from(chunk) });
    };
    for (let second = 0; second < 60; second++) {
      for (let tick = second * 30; tick < second * 30 + 30; tick += 3) writer.rtt(tick, second % 4, 20 + ((tick * 7) % 90));
      keep(writer.cut());
    }
    // Teacher events with network conditions, a few bytes each: one chunk of more than a 64 KB slab.
    for (let k = 0; k < 20_000; k++) writer.teacher(1800 + k, 'conditions', null, { latencyMs: 100 + k, jitterMs: 30, lossPct: 2.5 });
    keep(writer.cut());
    for (let tick = 22_000; tick < 22_030; tick++) writer.rtt(tick, 1, tick % 50);
    keep(writer.cut());
    expect(cutAt.at(-2)!.chunk.length).toBeGreaterThan(64 * 1024);
    expect(new Set(cutAt.map((c) => c.chunk.buffer)).size).toBeLessThan(cutAt.length / 4);
    for (const { chunk, bytes } of cutAt) expect(Array.from(chunk)).toEqual(bytes);
    expect(writer.bytesCut).toBe(cutAt.reduce((sum, c) => sum + c.bytes.length, 0));
  });
});
