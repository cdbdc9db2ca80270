import { describe, expect, it } from 'vitest';
import { CounterRate } from './counter-rate';

describe('CounterRate', () => {
  it('turns two samples of a growing counter into a rate per second', () => {
    const r = new CounterRate();
    r.sample(100, 1000);
    expect(r.perSecond).toBeNaN();
    r.sample(160, 3000);
    expect(r.perSecond).toBe(30);
    expect(r.delta).toBe(60);
  });

  it('starts over when the counter went down (server restart)', () => {
    const r = new CounterRate();
    r.sample(500, 0);
    r.sample(10, 1000);
    expect(r.perSecond).toBeNaN();
    r.sample(40, 2000);
    expect(r.perSecond).toBe(30);
  });
});
