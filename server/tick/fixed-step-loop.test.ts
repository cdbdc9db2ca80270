import { describe, expect, it } from 'vitest';
import { FixedStepLoop } from './fixed-step-loop';
import type { MonotonicClock } from './monotonic-clock';

class FakeClock implements MonotonicClock {
  t = 1000;
  nowMs(): number {
    return this.t;
  }
}

describe('FixedStepLoop', () => {
  it('runs exactly one tick per step with no drift over 10 000 ticks', () => {
    const clock = new FakeClock();
    const ticks: number[] = [];
    const loop = new FixedStepLoop({ tickRateHz: 30, clock, onTick: (n) => ticks.push(n) });
    loop.reset();
    // Advance in uneven slices that do not divide the step, as real timers do.
    const slices = [7, 13, 33.4, 1, 21.9, 40];
    let elapsed = 0;
    let i = 0;
    while (elapsed < (10_000 * 1000) / 30) {
      const slice = slices[i++ % slices.length];
      clock.t += slice;
      elapsed += slice;
      loop.advance();
    }
    const expected = Math.floor(elapsed / (1000 / 30));
    expect(loop.ticksRun).toBe(expected);
    expect(loop.ticksSkipped).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(expected - 1);
    expect(ticks.every((n, k) => n === k)).toBe(true);
  });

  it('does nothing before the first step is due', () => {
    const clock = new FakeClock();
    let count = 0;
    const loop = new FixedStepLoop({ tickRateHz: 20, clock, onTick: () => count++ });
    loop.reset();
    clock.t += 49.9;
    expect(loop.advance()).toBe(0);
    clock.t += 0.1;
    expect(loop.advance()).toBe(1);
    expect(count).toBe(1);
  });

  it('catches up a bounded number of ticks after a stall and counts the rest as skipped', () => {
    const clock = new FakeClock();
    let count = 0;
    const loop = new FixedStepLoop({ tickRateHz: 30, maxCatchUpTicks: 4, clock, onTick: () => count++ });
    loop.reset();
    clock.t += 1010; // a one-second stall: 30 ticks due
    expect(loop.advance()).toBe(4);
    expect(loop.ticksSkipped).toBe(26);
    // Back on schedule afterwards: the next tick is due within one step.
    expect(loop.msUntilNextTick()).toBeGreaterThan(0);
    expect(loop.msUntilNextTick()).toBeLessThanOrEqual(1000 / 30);
    clock.t += 1000 / 30;
    expect(loop.advance()).toBe(1);
    expect(count).toBe(5);
  });

  it('never spirals when every tick is slower than the step', () => {
    const clock = new FakeClock();
    const loop = new FixedStepLoop({
      tickRateHz: 30,
      maxCatchUpTicks: 3,
      clock,
      onTick: () => {
        clock.t += 50; // each tick costs 50 ms, longer than the 33 ms step
      },
    });
    loop.reset();
    for (let wake = 0; wake < 100; wake++) {
      clock.t += 10;
      const ran = loop.advance();
      expect(ran).toBeLessThanOrEqual(3);
    }
    expect(loop.ticksSkipped).toBeGreaterThan(0);
    expect(loop.tickDurationMs.percentile(50)).toBe(50);
  });

  it('records start jitter: how late each tick started', () => {
    const clock = new FakeClock();
    const loop = new FixedStepLoop({ tickRateHz: 10, clock, onTick: () => {} });
    loop.reset();
    clock.t += 103;
    loop.advance();
    expect(loop.startJitterMs.percentile(100)).toBeCloseTo(3, 6);
  });

  it('ticks on real timers once started, and stops', async () => {
    let count = 0;
    const loop = new FixedStepLoop({ tickRateHz: 100, onTick: () => count++ });
    await new Promise<void>((resolve) => {
      const done = () => {
        if (count >= 5) resolve();
        else setTimeout(done, 5);
      };
      loop.start();
      done();
    });
    loop.stop();
    const after = count;
    await new Promise((r) => setTimeout(r, 50));
    expect(count).toBe(after);
    expect(loop.isRunning).toBe(false);
  });
});
