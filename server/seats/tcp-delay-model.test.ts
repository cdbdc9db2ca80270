import { describe, expect, it } from 'vitest';
import { TcpDelayModel, isClear } from './tcp-delay-model';

describe('TcpDelayModel', () => {
  it('delays by the latency, spreads by the jitter, and never reorders', () => {
    let r = 0;
    const values = [0, 1, 0.5, 0.99, 0.01];
    const link = new TcpDelayModel({ latencyMs: 100, jitterMs: 40, lossPct: 0 }, () => values[r++ % values.length]);
    const releases: number[] = [];
    for (let t = 0; t < 50; t += 10) releases.push(t + link.delayFor(t));
    for (let i = 1; i < releases.length; i++) expect(releases[i]).toBeGreaterThanOrEqual(releases[i - 1]);
    expect(Math.min(...releases.map((at, i) => at - i * 10))).toBeGreaterThanOrEqual(60);
    expect(Math.max(...releases.map((at, i) => at - i * 10))).toBeLessThanOrEqual(140);
  });

  it('turns a loss into a retransmission delay that holds back what follows', () => {
    const rolls = [0.5, 0 /* lost */, 0.5, 0.99, 0.5, 0.99];
    let r = 0;
    const link = new TcpDelayModel({ latencyMs: 50, jitterMs: 0, lossPct: 10 }, () => rolls[r++]);
    const first = link.delayFor(0);
    const second = 1 + link.delayFor(1);
    expect(second).toBeGreaterThanOrEqual(50 + 200);
    expect(first).toBe(50);
  });

  it('knows clear conditions', () => {
    expect(isClear({ latencyMs: 0, jitterMs: 0, lossPct: 0 })).toBe(true);
    expect(isClear({ latencyMs: 1, jitterMs: 0, lossPct: 0 })).toBe(false);
  });
});
