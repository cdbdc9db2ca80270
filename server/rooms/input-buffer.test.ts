import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol/error-code';
import { createInputFrame } from '../../shared/sim/world';
import { INPUT_MAX_LATE_MS, INPUT_MAX_LEAD_MS } from '../../shared/protocol/input-limits';
import { InputBuffer, inputLimitsFor } from './input-buffer';

interface Applied {
  tick: number;
  seq: number;
  buttons: number;
  late: number;
}

/**
 * The server tick is the fake clock: `now` is the tick the next step simulates. `runTo` moves
 * it by hand, taking what is due at every tick for every seat, as Room.advance does.
 */
function setup(slots = 2) {
  const limits = inputLimitsFor(30);
  const buffer = new InputBuffer(slots, limits);
  const frame = createInputFrame(slots);
  const clock = { now: 1000 };
  const runTo = (until: number): Applied[][] => {
    const applied: Applied[][] = Array.from({ length: slots }, () => []);
    for (; clock.now < until; clock.now++) {
      for (let slot = 0; slot < slots; slot++) {
        if (buffer.takeDue(slot, clock.now, frame)) {
          applied[slot].push({ tick: clock.now, seq: frame.seq[slot], buttons: frame.buttons[slot], late: frame.late[slot] });
        }
      }
    }
    return applied;
  };
  return { buffer, limits, clock, runTo };
}

describe('InputBuffer', () => {
  it('derives its limits from the tick rate', () => {
    expect(inputLimitsFor(30)).toEqual({ maxLeadTicks: (INPUT_MAX_LEAD_MS * 30) / 1000, maxLateTicks: (INPUT_MAX_LATE_MS * 30) / 1000 });
    expect(inputLimitsFor(60).maxLeadTicks).toBe((INPUT_MAX_LEAD_MS * 60) / 1000);
  });

  it('holds an early input until its stamped tick; an on-time one is applied at its tick', () => {
    const { buffer, clock, runTo } = setup();
    // Seat 0 is early: stamps three and five ticks ahead.
    expect(buffer.accept(0, 1, 1003, 1, clock.now)).toBeNull();
    expect(buffer.accept(0, 2, 1005, 9, clock.now)).toBeNull();
    expect(buffer.size(0)).toBe(2);
    // Seat 1 is on time: each input arrives just before the tick it is stamped for.
    expect(buffer.accept(1, 1, 1000, 8, clock.now)).toBeNull();
    let applied = runTo(1002);
    expect(applied[0]).toEqual([]);
    expect(applied[1]).toEqual([{ tick: 1000, seq: 1, buttons: 8, late: 0 }]);
    expect(buffer.accept(1, 2, 1002, 2, clock.now)).toBeNull();
    applied = runTo(1010);
    expect(applied[0]).toEqual([
      { tick: 1003, seq: 1, buttons: 1, late: 0 },
      { tick: 1005, seq: 2, buttons: 9, late: 0 },
    ]);
    expect(applied[1]).toEqual([{ tick: 1002, seq: 2, buttons: 2, late: 0 }]);
    expect(buffer.size(0)).toBe(0);
    expect(buffer.lateInputs).toBe(0);
  });

  it('applies a late input at once and says how late; two late ones in a tick: the newer wins', () => {
    const { buffer, clock, runTo } = setup();
    expect(buffer.accept(0, 1, 997, 1, clock.now)).toBeNull();
    expect(runTo(1001)[0]).toEqual([{ tick: 1000, seq: 1, buttons: 1, late: 3 }]);
    // A burst after a stall: both were meant for ticks already simulated.
    expect(buffer.accept(0, 2, 998, 2, clock.now)).toBeNull();
    expect(buffer.accept(0, 3, 999, 4, clock.now)).toBeNull();
    expect(buffer.size(0)).toBe(1);
    // And one that is on time again, queued behind them.
    expect(buffer.accept(0, 4, 1002, 8, clock.now)).toBeNull();
    expect(runTo(1003)[0]).toEqual([
      { tick: 1001, seq: 3, buttons: 4, late: 2 },
      { tick: 1002, seq: 4, buttons: 8, late: 0 },
    ]);
    expect(buffer.lateInputs).toBe(3);
  });

  it('refuses a duplicated seq or stamp, and one that goes back, and keeps what it had', () => {
    const { buffer, clock, runTo } = setup();
    expect(buffer.accept(0, 5, 1004, 1, clock.now)).toBeNull();
    expect(buffer.accept(0, 5, 1006, 2, clock.now)).toBe(ErrorCode.PROTO_SEQ_NOT_FORWARD);
    expect(buffer.accept(0, 4, 1006, 2, clock.now)).toBe(ErrorCode.PROTO_SEQ_NOT_FORWARD);
    expect(buffer.accept(0, 6, 1004, 2, clock.now)).toBe(ErrorCode.PROTO_TICK_NOT_FORWARD);
    expect(buffer.accept(0, 6, 1003, 2, clock.now)).toBe(ErrorCode.PROTO_TICK_NOT_FORWARD);
    expect(buffer.size(0)).toBe(1);
    expect(buffer.accept(0, 6, 1005, 2, clock.now)).toBeNull();
    expect(runTo(1006)[0].map((a) => [a.tick, a.seq])).toEqual([
      [1004, 5],
      [1005, 6],
    ]);
  });

  it('refuses a stamp far in the future or the past, and takes one just inside each limit', () => {
    const { buffer, limits, clock, runTo } = setup();
    expect(buffer.accept(0, 1, clock.now + limits.maxLeadTicks + 1, 1, clock.now)).toBe(ErrorCode.PROTO_TICK_FUTURE);
    expect(buffer.accept(0, 1, 0xffffffff, 1, clock.now)).toBe(ErrorCode.PROTO_TICK_FUTURE);
    expect(buffer.accept(1, 1, clock.now - limits.maxLateTicks - 1, 1, clock.now)).toBe(ErrorCode.PROTO_TICK_PAST);
    expect(buffer.accept(1, 1, 0, 1, clock.now)).toBe(ErrorCode.PROTO_TICK_PAST);
    expect(buffer.size(0) + buffer.size(1)).toBe(0);
    expect(buffer.accept(0, 1, clock.now + limits.maxLeadTicks, 1, clock.now)).toBeNull();
    expect(buffer.accept(1, 1, clock.now - limits.maxLateTicks, 1, clock.now)).toBeNull();
    const applied = runTo(clock.now + limits.maxLeadTicks + 1);
    expect(applied[0]).toEqual([{ tick: 1000 + limits.maxLeadTicks, seq: 1, buttons: 1, late: 0 }]);
    expect(applied[1]).toEqual([{ tick: 1000, seq: 1, buttons: 1, late: limits.maxLateTicks }]);
  });

  it('holds an input for every tick up to the lead limit without overflowing', () => {
    const { buffer, limits, clock, runTo } = setup(1);
    for (let t = 0; t <= limits.maxLeadTicks; t++) expect(buffer.accept(0, t + 1, clock.now + t, t & 15, clock.now)).toBeNull();
    const applied = runTo(clock.now + limits.maxLeadTicks + 1)[0];
    expect(applied.map((a) => a.seq)).toEqual(Array.from({ length: limits.maxLeadTicks + 1 }, (_, t) => t + 1));
    expect(applied.every((a, t) => a.tick === 1000 + t && a.late === 0)).toBe(true);
  });

  it('starts a resumed seat after the seq the server last applied, with any stamp', () => {
    const { buffer, clock } = setup(1);
    expect(buffer.accept(0, 50, 1010, 1, clock.now)).toBeNull();
    buffer.clear(0);
    expect(buffer.size(0)).toBe(0);
    expect(buffer.accept(0, 50, 1011, 1, clock.now)).toBe(ErrorCode.PROTO_SEQ_NOT_FORWARD);
    buffer.reset(0, 40);
    expect(buffer.accept(0, 40, 1000, 1, clock.now)).toBe(ErrorCode.PROTO_SEQ_NOT_FORWARD);
    expect(buffer.accept(0, 41, 1000, 1, clock.now)).toBeNull();
  });
});
