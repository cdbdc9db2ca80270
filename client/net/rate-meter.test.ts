import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('reports per second over the last window', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 1000; t += 50) m.add(10, t);
    expect(m.perSecond).toBeCloseTo(200, 0);
    m.roll(3500);
    expect(m.perSecond).toBe(0);
  });
});
