import { describe, expect, it } from 'vitest';
import { AppliedInputLog, APPLIED_INPUT_WORDS, DELIVERY_MARK, LATE_MARK, RTT_MARK, TICK_MARK } from './applied-input-log';

function entries(log: AppliedInputLog): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < log.count; k++) out.push([log.words[k * APPLIED_INPUT_WORDS] >>> 24, log.words[k * APPLIED_INPUT_WORDS] & 0xffffff, log.words[k * APPLIED_INPUT_WORDS + 1]]);
  return out;
}

describe('the applied-input log', () => {
  it('marks each new tick once, a lateness only where there is one, and keeps deliveries in order with inputs', () => {
    const log = new AppliedInputLog(8);
    log.recording = true;
    log.add(10, 1, 0x0102, 5, 0);
    log.add(10, 3, 0x0004, 9, 2);
    log.addDelivery(11, 3, 2, 180);
    log.add(11, 0, 0, 6, 0);
    expect(entries(log)).toEqual([
      [TICK_MARK, 0, 10],
      [1, 0x0102, 5],
      [LATE_MARK, 2, 0],
      [3, 0x0004, 9],
      [TICK_MARK, 0, 11],
      [DELIVERY_MARK, (2 << 8) | 3, 180],
      [0, 0, 6],
    ]);
  });

  it('logs an RTT sample before the inputs of its tick, and holds a round of samples beyond what a look may leave', () => {
    const log = new AppliedInputLog(40);
    log.recording = true;
    log.add(10, 1, 0x0102, 5, 0);
    log.addRtt(11, 1, 48);
    log.add(11, 1, 0x0102, 6, 0);
    expect(entries(log)).toEqual([
      [TICK_MARK, 0, 10],
      [1, 0x0102, 5],
      [TICK_MARK, 0, 11],
      [RTT_MARK, 1, 48],
      [1, 0x0102, 6],
    ]);
    // Just under drainAt (so the recorder did not code first), a round of samples for every
    // slot, then a full room's inputs, each late, for as many ticks as pass between looks.
    log.clear();
    for (let k = 0; log.count < log.drainAt - 1; k++) log.add(k, 0, 0, k + 1, 0);
    const tick = log.drainAt;
    for (let slot = 0; slot < 40; slot++) log.addRtt(tick, slot, 30);
    for (let t = tick; t <= tick + log.lookEveryTicks; t++) for (let slot = 0; slot < 40; slot++) log.add(t, slot, 0, t, 1);
    expect(log.overflowed).toBe(false);
  });

  it('opens with a tick marker again after the writer drained it, even within the same tick', () => {
    const log = new AppliedInputLog(8);
    log.recording = true;
    log.add(10, 1, 1, 5, 0);
    log.drained();
    log.add(10, 2, 1, 7, 0);
    expect(entries(log)).toEqual([
      [TICK_MARK, 0, 10],
      [2, 1, 7],
    ]);
  });

  it('keeps nothing while not recording, and notes an overflow instead of writing past its end', () => {
    const log = new AppliedInputLog(2);
    log.add(1, 0, 1, 1, 0);
    log.addDelivery(1, 0, 1, 10);
    expect(log.count).toBe(0);
    log.recording = true;
    for (let i = 0; i < 10_000 && !log.overflowed; i++) log.add(i, i % 2, 0, i + 1, i % 3);
    expect(log.overflowed).toBe(true);
    expect(log.count * APPLIED_INPUT_WORDS).toBeLessThanOrEqual(log.words.length);
    expect(() => log.addDelivery(1, 0, 0, 0)).toThrow(RangeError);
  });
});
