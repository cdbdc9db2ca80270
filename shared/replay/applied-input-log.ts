import { packControl } from '../sim/steering';
import type { InputFrame } from '../sim/world';

/**
 * Words per log entry. An input is one entry: the control word (buttons | steer << 8, 24 bits)
 * with the slot in the top byte, and the seq. A marker entry (a "slot" of TICK_MARK or
 * LATE_MARK) goes before an input that needs it: the tick, when it differs from the input
 * before; the lateness, when it is not 0 (rare). 16-byte entries, one per input with its tick
 * and lateness, cost the tick about twice the cache lines (issue 14).
 */
export const APPLIED_INPUT_WORDS = 2;
/** The top byte of a tick marker's first word; its second word is the tick of the inputs after it. */
export const TICK_MARK = 0xff;
/** The top byte of a lateness marker's first word; its low byte is the next input's lateness. */
export const LATE_MARK = 0xfe;
/**
 * The top byte of a delivery entry (the recorder's DeliveryWatch, after a step): slot and
 * count in the first word's low 8 and next 16 bits, the points in the second. Logged, not
 * written at once, so a delivery does not make the writer code the log (about every 12 ticks
 * of a busy room, each a cold start).
 */
export const DELIVERY_MARK = 0xfd;
/**
 * The top byte of an RTT entry (the RTT the server measured for a slot, once a second): the
 * slot in the first word's low byte, the ms in the second. Logged, not written at once, so the
 * once-a-second samples are coded in the log's warm loop (an Rtt event written on its own, each
 * with its block lookup, cost the recorder about a fifth of its time: issue 14).
 */
export const RTT_MARK = 0xfc;
/** Where the slot (or a marker) sits in an entry's first word. */
export const ENTRY_SLOT_SHIFT = 24;
/** The control word's bits in an entry's first word. */
export const ENTRY_CONTROL_MASK = (1 << ENTRY_SLOT_SHIFT) - 1;
/** Ticks between the recorder's looks at the log while nothing else calls it (round-recorder.ts). */
const LOOK_EVERY_TICKS = 16;
/** Slots lie below the markers in an entry's top byte. */
const MAX_SLOTS = RTT_MARK;
/** Most pizzas one delivery entry holds (16 bits; a step delivers what a scooter carries). */
const MAX_DELIVERY_COUNT = 0xffff;

/**
 * The inputs a room applied, in the order it applied them, until the recorder codes them
 * (issue 14). The room's input buffer adds each input as it moves it into the tick's frame (the
 * values are in hand there: two stores into one flat array, four for the first input of a
 * tick), so a recording room's tick does no other recording work; the writer codes the log in
 * one warm loop when another event comes, at a cut, or when it holds drainAt entries (about
 * every two seconds in a busy room). Coding inputs as the tick applied them, or copying them
 * out of the frame in a second pass, cost the tick 5-10 % at 100 rooms (cold writer state per
 * room).
 *
 * `recording` is off while no round is recorded: add() then keeps nothing.
 */
export class AppliedInputLog {
  readonly words: Uint32Array;
  /** Entries logged and not coded yet (inputs and their markers). */
  count = 0;
  recording = false;
  /** An input arrived when the log was full (the writer failed to drain it: a bug). */
  overflowed = false;
  /** The log holds `drainAt` entries or more: the recorder codes them when it next looks. */
  readonly drainAt: number;
  /** The recorder looks at the log at least this often, in ticks (a room applies at most one input per slot a tick). */
  readonly lookEveryTicks = LOOK_EVERY_TICKS;
  /** Entries the log holds at most. */
  private readonly capacity: number;
  /** The tick of the last logged input (-1: the next input opens with a tick marker). */
  private tick = -1;

  /**
   * Room for drainAt entries, as many ticks of a full room's (with markers) as pass between
   * looks, and one round of RTT samples (the recorder codes the log before one when it holds
   * drainAt entries).
   */
  constructor(readonly maxPlayers: number) {
    if (maxPlayers > MAX_SLOTS) throw new RangeError(`an applied-input log holds slots below ${MAX_SLOTS}`);
    this.drainAt = Math.max(256, 8 * maxPlayers);
    this.capacity = this.drainAt + (LOOK_EVERY_TICKS + 1) * (2 * maxPlayers + 1) + maxPlayers + 1;
    this.words = new Uint32Array(this.capacity * APPLIED_INPUT_WORDS);
  }

  /** Logs one applied input while recording (the input buffer's hot path). */
  add(tick: number, slot: number, control: number, seq: number, late: number): void {
    if (!this.recording) return;
    // Room for a tick marker, a lateness marker and the input.
    if (this.count + 3 > this.capacity) {
      this.overflowed = true;
      return;
    }
    const words = this.words;
    let entry = this.markTick(tick);
    if (late !== 0) words[entry++ * APPLIED_INPUT_WORDS] = (LATE_MARK << ENTRY_SLOT_SHIFT) | late;
    // A valid control word has 24 bits (input checks); the mask keeps a bad one off the slot byte.
    words[entry * APPLIED_INPUT_WORDS] = (control & ENTRY_CONTROL_MASK) | (slot << ENTRY_SLOT_SHIFT);
    words[entry * APPLIED_INPUT_WORDS + 1] = seq;
    this.count = entry + 1;
  }

  /** Logs a delivery by `slot` at `tick`, after the inputs of that tick (the writer codes it in order). */
  addDelivery(tick: number, slot: number, count: number, points: number): void {
    if (!this.recording) return;
    if (count < 1 || count > MAX_DELIVERY_COUNT) throw new RangeError(`recording: a delivery of ${count} pizzas`);
    if (this.count + 2 > this.capacity) {
      this.overflowed = true;
      return;
    }
    const entry = this.markTick(tick);
    this.words[entry * APPLIED_INPUT_WORDS] = (DELIVERY_MARK << ENTRY_SLOT_SHIFT) | (count << 8) | slot;
    this.words[entry * APPLIED_INPUT_WORDS + 1] = points;
    this.count = entry + 1;
  }

  /** Logs the RTT measured for `slot` (ms, 0..RECORDING_LIMITS.maxRttMs), between ticks: before the inputs of `tick`. */
  addRtt(tick: number, slot: number, rttMs: number): void {
    if (!this.recording) return;
    if (this.count + 2 > this.capacity) {
      this.overflowed = true;
      return;
    }
    const entry = this.markTick(tick);
    this.words[entry * APPLIED_INPUT_WORDS] = (RTT_MARK << ENTRY_SLOT_SHIFT) | slot;
    this.words[entry * APPLIED_INPUT_WORDS + 1] = rttMs;
    this.count = entry + 1;
  }

  /** Logs the input `frame` holds for `slot` (tools and tests that build frames by hand). */
  addFromFrame(tick: number, slot: number, frame: InputFrame): void {
    this.add(tick, slot, packControl(frame.buttons[slot], frame.steer[slot]), frame.seq[slot], frame.late[slot]);
  }

  /** A tick marker, unless the last entry's tick is `tick`; returns the next free entry. */
  private markTick(tick: number): number {
    const entry = this.count;
    if (tick === this.tick) return entry;
    this.words[entry * APPLIED_INPUT_WORDS] = TICK_MARK << ENTRY_SLOT_SHIFT;
    this.words[entry * APPLIED_INPUT_WORDS + 1] = tick;
    this.tick = tick;
    return entry + 1;
  }

  /** Forgets what is logged (a recording started or stopped, or the writer coded it all). */
  clear(): void {
    this.count = 0;
    this.tick = -1;
    this.overflowed = false;
  }

  /** The writer coded every entry (overflow stays noted for it to report). */
  drained(): void {
    this.count = 0;
    this.tick = -1;
  }
}
