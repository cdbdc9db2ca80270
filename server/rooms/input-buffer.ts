import { ErrorCode } from '../../shared/protocol/error-code';
import { Arena } from '../../shared/sim/arena';
import { controlButtons, controlSteer } from '../../shared/sim/steering';
import type { InputFrame } from '../../shared/sim/world';
import { AppliedInputLog } from '../../shared/replay/applied-input-log';

import { INPUT_MAX_LATE_MS, INPUT_MAX_LEAD_MS } from '../../shared/protocol/input-limits';

/** Largest lateness a snapshot reports (the ackLate field's range). */
const MAX_REPORTED_LATE = 255;

export interface InputLimits {
  /** Most ticks a stamp may be ahead of the current tick. */
  maxLeadTicks: number;
  /** Most ticks a stamp may be behind the current tick. */
  maxLateTicks: number;
}

export function inputLimitsFor(tickRateHz: number): InputLimits {
  return {
    maxLeadTicks: Math.ceil((INPUT_MAX_LEAD_MS * tickRateHz) / 1000),
    maxLateTicks: Math.ceil((INPUT_MAX_LATE_MS * tickRateHz) / 1000),
  };
}

/** Smallest power of two >= n. */
function ringSize(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(2, n)));
}

/**
 * Per-seat inputs keyed by the tick they take effect, in flat typed arrays (no objects per
 * input). An input is checked on arrival against the seat's last seq and stamp and the
 * current tick, then waits for its tick; one that arrives after its tick is applied at the
 * next one, and the lateness travels with it into the world (ackLate) so the client knows.
 *
 *   stamp:     ... 100   101   105          (client: at most one input per tick, in order)
 *   arrives:   at 98     at 101.5 (late)    at 103
 *   applied:   tick 100  tick 102, late 1   tick 105; buttons held in between
 *
 * Stamps only move forward per seat, so the ring is ordered by tick and holds at most one
 * input per tick between now and now + maxLeadTicks: it never needs more room than that.
 */
export class InputBuffer {
  readonly limits: InputLimits;
  /** Inputs applied after their stamped tick, since the buffer was made. */
  lateInputs = 0;
  private readonly capacity: number;
  private readonly mask: number;
  private readonly seqs: Uint32Array;
  private readonly applyTicks: Int32Array;
  private readonly lates: Uint8Array;
  /** Buttons and steer as one control word per entry (shared/sim/steering.ts). */
  private readonly controls: Uint32Array;
  private readonly head: Uint8Array;
  private readonly length: Uint8Array;
  /** Highest seq and stamp accepted per seat (both only move forward). */
  private readonly lastSeq: Uint32Array;
  private readonly lastStamp: Float64Array;

  /** Where each input taken into a frame is logged while the room records (round-recorder.ts). */
  readonly applied: AppliedInputLog;

  constructor(slots: number, limits: InputLimits, applied: AppliedInputLog = new AppliedInputLog(slots)) {
    this.limits = limits;
    this.applied = applied;
    // Distinct ticks in [now, now + maxLead], plus a late input applied at now.
    this.capacity = ringSize(limits.maxLeadTicks + 2);
    if (this.capacity > 128) throw new RangeError(`input lead of ${limits.maxLeadTicks} ticks needs too large a ring`);
    this.mask = this.capacity - 1;
    const entries = slots * this.capacity;
    // One buffer for the ring, so a tick walks a few adjacent cache lines per room (issue #3).
    const arena = new Arena(Arena.bytesFor(3 * entries + slots, entries + 2 * slots));
    this.seqs = arena.uint32(entries);
    this.applyTicks = arena.int32(entries);
    this.controls = arena.uint32(entries);
    this.lastSeq = arena.uint32(slots);
    this.lates = arena.uint8(entries);
    this.head = arena.uint8(slots);
    this.length = arena.uint8(slots);
    this.lastStamp = new Float64Array(slots).fill(-1);
  }

  /**
   * Checks one input from seat `slot` at server tick `nowTick` (the tick the next step
   * simulates) and stores it; returns null, or the reason it was refused (nothing changes).
   */
  accept(slot: number, seq: number, stamp: number, control: number, nowTick: number): ErrorCode | null {
    if (seq <= this.lastSeq[slot]) return ErrorCode.PROTO_SEQ_NOT_FORWARD;
    if (stamp <= this.lastStamp[slot]) return ErrorCode.PROTO_TICK_NOT_FORWARD;
    if (stamp > nowTick + this.limits.maxLeadTicks) return ErrorCode.PROTO_TICK_FUTURE;
    if (stamp < nowTick - this.limits.maxLateTicks) return ErrorCode.PROTO_TICK_PAST;
    const late = stamp < nowTick ? nowTick - stamp : 0;
    const applyTick = stamp + late;
    const base = slot * this.capacity;
    const length = this.length[slot];
    let at: number;
    if (length > 0 && this.applyTicks[base + ((this.head[slot] + length - 1) & this.mask)] === applyTick) {
      // Two late inputs in one tick: the newer replaces the older (the client's order).
      at = base + ((this.head[slot] + length - 1) & this.mask);
    } else {
      // Cannot happen (see the class comment); refused rather than overwriting the ring.
      if (length === this.capacity) return ErrorCode.RATE_LIMITED;
      at = base + ((this.head[slot] + length) & this.mask);
      this.length[slot] = length + 1;
    }
    this.seqs[at] = seq;
    this.applyTicks[at] = applyTick;
    this.lates[at] = late > MAX_REPORTED_LATE ? MAX_REPORTED_LATE : late;
    this.controls[at] = control;
    this.lastSeq[slot] = seq;
    this.lastStamp[slot] = stamp;
    if (late > 0) this.lateInputs++;
    return null;
  }

  /** Inputs waiting for their tick (tests, metrics). */
  size(slot: number): number {
    return this.length[slot];
  }

  /**
   * Moves the input that takes effect at `nowTick` (the newest due) into the frame's slot (and
   * the applied log); false when none does, and the world keeps holding the buttons it has.
   */
  takeDue(slot: number, nowTick: number, frame: InputFrame): boolean {
    let length = this.length[slot];
    if (length === 0) return false;
    const base = slot * this.capacity;
    let head = this.head[slot];
    let taken = -1;
    while (length > 0 && this.applyTicks[base + head] <= nowTick) {
      taken = base + head;
      head = (head + 1) & this.mask;
      length--;
    }
    if (taken < 0) return false;
    this.head[slot] = head;
    this.length[slot] = length;
    const seq = this.seqs[taken];
    const control = this.controls[taken];
    const late = this.lates[taken];
    frame.seq[slot] = seq;
    frame.buttons[slot] = controlButtons(control);
    frame.steer[slot] = controlSteer(control);
    frame.late[slot] = late;
    this.applied.add(nowTick, slot, control, seq, late);
    return true;
  }

  /**
   * Forgets a seat's waiting inputs and starts its checks afresh: a new player (lastSeq 0) or
   * a resumed one, whose client continues after the seq the server last applied.
   */
  reset(slot: number, lastSeq = 0): void {
    this.head[slot] = 0;
    this.length[slot] = 0;
    this.lastSeq[slot] = lastSeq;
    this.lastStamp[slot] = -1;
  }

  /** Drops the waiting inputs (the connection went away); the order checks stay. */
  clear(slot: number): void {
    this.head[slot] = 0;
    this.length[slot] = 0;
  }
}
