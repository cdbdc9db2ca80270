import { describe, expect, it } from 'vitest';
import { ServerClock } from './server-clock';

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
