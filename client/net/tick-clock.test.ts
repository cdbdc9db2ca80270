import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/protocol/test-scenario';
import { CLIENT_MAX_MARGIN_MS, INPUT_MAX_LEAD_MS } from '../../shared/protocol/input-limits';
import { TickClock } from './tick-clock';

const TICK_MS = 1000 / 30;

interface Link {
  /** One-way delay server -> client for a message sent at `atMs`. */
  down(atMs: number): number;
  /** One-way delay client -> server. */
  up(atMs: number): number;
}

/**
 * A fake server on a fake clock: tick k is simulated at k * TICK_MS + phaseMs, and snapshot
 * k + 1 leaves right after it. The client hears snapshots and pings over `link`; then inputs
 * sent at many moments are checked against the tick they were stamped for.
 */
function drive(link: Link, seconds: number, measureFromMs = 3000, phaseMs = 7.3) {
  const clock = new TickClock(TICK_MS);
  const runsAt = (tick: number) => tick * TICK_MS + phaseMs;
  const events: { atMs: number; run: () => void }[] = [];
  for (let k = 0; k < seconds * 30; k++) {
    const sent = runsAt(k);
    events.push({ atMs: sent + link.down(sent), run: () => clock.observeSnapshot(k + 1, sent + link.down(sent)) });
  }
  // Pings as RttProbe sends them: five quick ones, then one a second.
  for (let t = 500; t < seconds * 1000; t += t < 1300 ? 200 : 1000) {
    const rtt = link.up(t) + link.down(t + link.up(t));
    events.push({ atMs: t + rtt, run: () => clock.observeRtt(rtt) });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  /** Inputs sent every 7 ms after the clock is synced: how early (ms) each reached its tick. */
  const earlyMs: number[] = [];
  let next = 0;
  let lastStamp = -Infinity;
  let stampsForward = true;
  for (let now = 0; now < seconds * 1000; now += 7) {
    while (next < events.length && events[next].atMs <= now) events[next++].run();
    if (!clock.synced || now < measureFromMs) continue;
    const stamp = clock.dueTick(now);
    if (stamp < lastStamp) stampsForward = false;
    lastStamp = stamp;
    earlyMs.push(runsAt(stamp) - (now + link.up(now)));
  }
  earlyMs.sort((a, b) => a - b);
  return { clock, earlyMs, stampsForward, late: earlyMs.filter((e) => e <= 0).length };
}

describe('TickClock', () => {
  it('is not synced before both a snapshot and an RTT sample', () => {
    const clock = new TickClock(TICK_MS);
    expect(clock.synced).toBe(false);
    clock.observeSnapshot(10, 100);
    clock.observeRtt(4);
    expect(clock.synced).toBe(false);
    clock.observeSnapshot(11, 133);
    clock.observeSnapshot(12, 166);
    expect(clock.synced).toBe(true);
    clock.reset();
    expect(clock.synced).toBe(false);
  });

  it('on a clean link stamps the next tick the server runs, arriving just ahead of it', () => {
    const { earlyMs, late, stampsForward } = drive({ down: () => 0.5, up: () => 0.5 }, 20);
    expect(late).toBe(0);
    expect(stampsForward).toBe(true);
    // Never more than one tick plus the margin early: the stamp is the earliest tick reachable.
    expect(earlyMs[earlyMs.length - 1]).toBeLessThan(TICK_MS + 5);
  });

  it('runs ahead by about half the RTT: 50 ms each way, the inputs still arrive on time, not much early', () => {
    const { clock, earlyMs, late } = drive({ down: () => 50, up: () => 50 }, 30);
    expect(late).toBe(0);
    expect(clock.srttMs).toBeCloseTo(100, 0);
    expect(clock.leadMs(30_000)).toBeGreaterThan(50);
    expect(clock.leadMs(30_000)).toBeLessThan(60);
    expect(earlyMs[earlyMs.length - 1]).toBeLessThan(TICK_MS + 10);
  });

  it('follows the jitter: 50 +- 20 ms each way, no input late, and the margin has grown', () => {
    const rand = mulberry32(11);
    const jitter = () => 30 + 40 * rand();
    const clean = drive({ down: () => 50, up: () => 50 }, 30).clock.marginMs(30_000);
    const { clock, late, earlyMs } = drive({ down: jitter, up: jitter }, 60);
    expect(late).toBe(0);
    expect(clock.rttVarMs).toBeGreaterThan(5);
    expect(clock.marginMs(60_000)).toBeGreaterThan(clean + 10);
    // The margin is what it costs: inputs wait at the server about that long, not seconds.
    expect(earlyMs[earlyMs.length >> 1]).toBeLessThan(clock.marginMs(60_000) + 2 * TICK_MS + 20);
  });

  it('a stall now and then (GC, JIT while joining) moves neither the RTT nor the margin', () => {
    const clock = new TickClock(TICK_MS);
    for (const rtt of [15, 87, 30, 1.3, 0.9, 0.8, 0.5, 0.7, 1.1]) clock.observeRtt(rtt);
    expect(clock.srttMs).toBeLessThan(1.5);
    expect(clock.marginMs(0)).toBeLessThan(6);
    // The window moves on: old samples leave it.
    for (let i = 0; i < 9; i++) clock.observeRtt(40 + (i % 3));
    expect(clock.srttMs).toBeCloseTo(41, 0);
  });

  it('keeps a wide margin until a few RTT samples can show the jitter', () => {
    const clock = new TickClock(TICK_MS);
    clock.observeRtt(84);
    // One sample says nothing of the spread: assume up to half of it.
    expect(clock.marginMs(0)).toBeGreaterThanOrEqual(42);
    for (const rtt of [100, 96, 110]) clock.observeRtt(rtt);
    expect(clock.marginMs(0)).toBeGreaterThanOrEqual(55);
    clock.observeRtt(98);
    // Five samples: the measured spread takes over.
    expect(clock.marginMs(0)).toBeLessThan(40);
  });

  it("never keeps more margin than CLIENT_MAX_MARGIN_MS, however wild the link (the teacher's 'Awful')", () => {
    const clock = new TickClock(TICK_MS);
    // Head-of-line stalls on a lossy link: RTT samples from under a second to several.
    for (const rtt of [820, 3900, 900, 2600, 850, 4100, 1200, 3300, 880]) clock.observeRtt(rtt);
    for (let i = 0; i < 8; i++) clock.observeLate(3, 0);
    expect(clock.marginMs(0)).toBe(CLIENT_MAX_MARGIN_MS);
    // The stamps then reach the server at most the margin plus the RTT estimate's error ahead.
    expect(CLIENT_MAX_MARGIN_MS).toBeLessThan(INPUT_MAX_LEAD_MS / 2);
  });

  it('keeps more margin after a late report, and lets it decay', () => {
    const clock = new TickClock(TICK_MS, { lateBoostMs: TICK_MS, lateHalfLifeMs: 1000 });
    clock.observeSnapshot(100, 0);
    clock.observeRtt(10);
    const before = clock.marginMs(0);
    const stampBefore = clock.dueTick(0);
    clock.observeLate(1, 0);
    expect(clock.lateReports).toBe(1);
    expect(clock.marginMs(0)).toBeCloseTo(before + TICK_MS, 5);
    expect(clock.dueTick(0)).toBe(stampBefore + 1);
    expect(clock.marginMs(1000)).toBeCloseTo(before + TICK_MS / 2, 5);
    expect(clock.marginMs(20_000)).toBeCloseTo(before, 5);
    clock.observeLate(0, 0); // on time: nothing to learn
    expect(clock.lateReports).toBe(1);
  });
});
