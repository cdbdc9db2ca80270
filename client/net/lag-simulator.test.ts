import { describe, expect, it } from 'vitest';
import { LagSimulator } from './lag-simulator';

function manualClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    nowMs: () => now,
    setTimer: (run: () => void, ms: number) => {
      const t = { at: now + ms, run };
      timers.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers.splice(timers.indexOf(due), 1);
        due.run();
      }
    },
  };
}

describe('LagSimulator', () => {
  it('passes messages straight through when off', () => {
    const lag = new LagSimulator();
    const got: number[] = [];
    lag.incoming(Uint8Array.of(1), (b) => got.push(b[0]));
    lag.outgoing('input', Uint8Array.of(2), (b) => got.push(b[0]));
    expect(got).toEqual([1, 2]);
  });

  it('delays both directions by the latency and keeps order when it is lowered', () => {
    const clock = manualClock();
    const lag = new LagSimulator(clock);
    lag.latencyMs = 100;
    const got: number[] = [];
    lag.incoming(Uint8Array.of(1), (b) => got.push(b[0]));
    lag.outgoing('ping', Uint8Array.of(9), (b) => got.push(b[0]));
    lag.latencyMs = 10;
    lag.incoming(Uint8Array.of(2), (b) => got.push(b[0]));
    clock.advance(50);
    expect(got).toEqual([]);
    clock.advance(50);
    expect(got.sort()).toEqual([1, 2, 9]);
  });

  it('drops the given fraction of inputs but never pings, and withholds snapshots from the buffer only', () => {
    let r = 0;
    const lag = new LagSimulator({ random: () => (r = (r + 0.1) % 1) });
    lag.lossFraction = 0.5;
    let inputs = 0;
    let pings = 0;
    for (let i = 0; i < 100; i++) {
      lag.outgoing('input', Uint8Array.of(3), () => inputs++);
      lag.outgoing('ping', Uint8Array.of(4), () => pings++);
    }
    expect(pings).toBe(100);
    expect(inputs).toBeGreaterThan(30);
    expect(inputs).toBeLessThan(70);
    expect(lag.droppedInputs).toBe(100 - inputs);
    let delivered = 0;
    for (let i = 0; i < 10; i++) lag.incoming(Uint8Array.of(1), () => delivered++);
    expect(delivered).toBe(10);
  });

  it('forgets messages in flight on reset', () => {
    const clock = manualClock();
    const lag = new LagSimulator(clock);
    lag.latencyMs = 100;
    let got = 0;
    lag.incoming(Uint8Array.of(1), () => got++);
    lag.reset();
    clock.advance(200);
    expect(got).toBe(0);
  });
});
