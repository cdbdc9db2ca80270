import { describe, expect, it } from 'vitest';
import { Button } from '../../shared/sim/constants';
import { InputPump } from './input-pump';
import { TickClock } from './tick-clock';

const TICK_MS = 1000 / 30;

/** A tick clock synced to a server whose tick 0 ran at time 0, over a 2 ms RTT. */
function syncedClock(): TickClock {
  const clock = new TickClock(TICK_MS);
  for (let tick = 1; tick <= 3; tick++) clock.observeSnapshot(tick, 1 + (tick - 1) * TICK_MS);
  clock.observeRtt(2);
  return clock;
}

function run(options: ConstructorParameters<typeof InputPump>[3], buttonsAt: (ms: number) => number, seconds: number, everyMs = 4) {
  const sent: { tick: number; buttons: number; atMs: number }[] = [];
  const clock = syncedClock();
  const pump = new InputPump(30, { sendInput: (tick, buttons) => sent.push({ tick, buttons, atMs: now }) }, clock, options);
  let now = 0;
  const committed: number[] = [];
  for (; now < seconds * 1000; now += everyMs) {
    const tick = pump.pump(now, null, () => buttonsAt(now));
    if (tick >= 0) committed.push(tick);
  }
  return { sent, committed, pump };
}

describe('InputPump', () => {
  it('a cruising scooter sends its buttons once, then a keep-alive at most five times a second', () => {
    const { sent, committed, pump } = run({}, () => Button.Up, 10);
    // 10 s at 30 Hz: every tick committed once, in order.
    expect(committed.length).toBeGreaterThanOrEqual(299);
    expect(committed.every((t, i) => i === 0 || t === committed[i - 1] + 1)).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(45);
    expect(sent.length).toBeLessThanOrEqual(51);
    expect(pump.keepAlivesSent).toBe(sent.length - 1);
    for (let i = 1; i < sent.length; i++) expect(sent[i].atMs - sent[i - 1].atMs).toBeGreaterThanOrEqual(200);
  });

  it('sends every change at once, on the tick it happens, and idles at one keep-alive a second', () => {
    const buttonsAt = (ms: number) => (ms < 1000 ? 0 : ms < 1500 ? Button.Up : ms < 1600 ? Button.Up | Button.Left : 0);
    const { sent } = run({}, buttonsAt, 5);
    const changes = sent.filter((s, i) => i === 0 || s.buttons !== sent[i - 1].buttons).map((s) => s.buttons);
    expect(changes).toEqual([0, Button.Up, Button.Up | Button.Left, 0]);
    const idleTail = sent.filter((s) => s.atMs >= 1700);
    expect(idleTail.length).toBeGreaterThanOrEqual(3);
    expect(idleTail.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sent.length; i++) expect(sent[i].tick).toBeGreaterThan(sent[i - 1].tick);
  });

  it('--input-rate 30: one input every tick, changed or not', () => {
    const { sent, committed } = run({ fixedRateHz: 30 }, () => Button.Up, 5);
    expect(sent.length).toBe(committed.length);
    expect(sent.length).toBeGreaterThanOrEqual(149);
    const slower = run({ fixedRateHz: 10 }, (ms) => (ms % 500 < 250 ? Button.Up : 0), 5);
    expect(slower.sent.length).toBeGreaterThanOrEqual(49);
    expect(slower.sent.length).toBeLessThanOrEqual(51);
    for (let i = 1; i < slower.sent.length; i++) expect(slower.sent[i].tick - slower.sent[i - 1].tick).toBe(3);
  });

  it('a late pump skips the ticks it can no longer reach: held, not sent', () => {
    // The pump only runs every 100 ms (a busy tab): three ticks pass between calls.
    const { committed } = run({}, () => Button.Up, 3, 100);
    expect(committed.length).toBeLessThan(35);
    for (let i = 1; i < committed.length; i++) expect(committed[i] - committed[i - 1]).toBeGreaterThanOrEqual(3);
  });

  it('commits nothing before the tick clock is synced', () => {
    const clock = new TickClock(TICK_MS);
    const pump = new InputPump(30, { sendInput: () => 1 }, clock);
    expect(pump.pump(100, null, () => Button.Up)).toBe(-1);
    for (let tick = 1; tick <= 3; tick++) clock.observeSnapshot(tick, 100);
    expect(pump.pump(100, null, () => Button.Up)).toBe(-1);
    clock.observeRtt(1);
    expect(pump.pump(100, null, () => Button.Up)).toBeGreaterThanOrEqual(3);
  });
});
