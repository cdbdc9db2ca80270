import { describe, expect, it } from 'vitest';
import { FixedStep } from './fixed-step';
import { RateMeter } from './rate-meter';
import { ServerClock } from './server-clock';

describe('FixedStep', () => {
  it('runs one step per elapsed step whatever the pump jitter', () => {
    const s = new FixedStep(1000 / 30);
    let steps = 0;
    let now = 0;
    s.advance(now, () => steps++);
    for (let i = 0; i < 300; i++) {
      now += i % 2 === 0 ? 3 : 11; // an uneven timer, as browsers give
      s.advance(now, () => steps++);
    }
    expect(steps).toBe(Math.floor(now / (1000 / 30)));
  });

  it('drops time beyond the catch-up cap', () => {
    const s = new FixedStep(10, 4);
    let steps = 0;
    s.advance(0, () => steps++);
    s.advance(1000, () => steps++);
    expect(steps).toBe(4);
    expect(s.droppedSteps).toBe(96);
  });
});

describe('RateMeter', () => {
  it('reports per second over the last window', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 1000; t += 50) m.add(10, t);
    expect(m.perSecond).toBeCloseTo(200, 0);
    m.roll(3500);
    expect(m.perSecond).toBe(0);
  });
});

describe('ServerClock', () => {
  it('follows the earliest arrivals and ignores a single late one', () => {
    const c = new ServerClock(10);
    c.observe(100, 1000);
    c.observe(101, 1030); // 20 ms late
    expect(c.tickAt(1010)).toBeCloseTo(101, 0);
    c.observe(102, 1015); // 5 ms early: taken at once
    expect(c.tickAt(1015)).toBeCloseTo(102);
  });
});
