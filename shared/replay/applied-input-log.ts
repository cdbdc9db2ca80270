import { packControl } from '../sim/steering';
import type { InputFrame } from '../sim/world';

/** Words per logged input: tick, slot | late << 8, control (buttons | steer << 8), seq. */
export const APPLIED_INPUT_WORDS = 4;
/** Ticks between the recorder's looks at the log while nothing else calls it (round-recorder.ts). */
const LOOK_EVERY_TICKS = 16;
/** Slots fit in the low byte of the second word. */
const MAX_SLOTS = 256;

/**
 * The inputs a room applied, in the order it applied them, until the recorder codes them
 * (issue 14). The room's input buffer adds each input as it moves it into the tick's frame (the
 * values are in hand there: four stores into one flat array), so a recording room's tick does
 * no other recording work; the writer codes the log in one warm loop when another event comes
 * or about once a second. Coding inputs as the tick applied them, or copying them out of the
 * frame in a second pass, cost the tick 5-10 % at 100 rooms (cold writer state per room).
 *
 * `recording` is off while no round is recorded: add() then keeps nothing.
 */
export class AppliedInputLog {
  readonly words: Uint32Array;
  /** Inputs logged and not coded yet. */
  count = 0;
  recording = false;
  /** An input arrived when the log was full (the writer failed to drain it: a bug). */
  overflowed = false;
  /** The log holds `drainAt` inputs or more: the recorder codes them when it next looks. */
  readonly drainAt: number;
  /** The recorder looks at the log at least this often, in ticks (a room applies at most one input per slot a tick). */
  readonly lookEveryTicks = LOOK_EVERY_TICKS;
  private readonly capacity: number;

  /** Room for drainAt inputs and as many ticks of a full room's as pass between looks. */
  constructor(readonly maxPlayers: number) {
    if (maxPlayers > MAX_SLOTS) throw new RangeError(`an applied-input log holds slots below ${MAX_SLOTS}`);
    this.drainAt = Math.max(256, 8 * maxPlayers);
    this.capacity = this.drainAt + (LOOK_EVERY_TICKS + 1) * maxPlayers;
    this.words = new Uint32Array(this.capacity * APPLIED_INPUT_WORDS);
  }

  /** Logs one applied input while recording (the input buffer's hot path). */
  add(tick: number, slot: number, control: number, seq: number, late: number): void {
    if (!this.recording) return;
    const count = this.count;
    if (count === this.capacity) {
      this.overflowed = true;
      return;
    }
    const words = this.words;
    const at = count * APPLIED_INPUT_WORDS;
    words[at] = tick;
    words[at + 1] = slot | (late << 8);
    words[at + 2] = control;
    words[at + 3] = seq;
    this.count = count + 1;
  }

  /** Logs the input `frame` holds for `slot` (tools and tests that build frames by hand). */
  addFromFrame(tick: number, slot: number, frame: InputFrame): void {
    this.add(tick, slot, packControl(frame.buttons[slot], frame.steer[slot]), frame.seq[slot], frame.late[slot]);
  }

  /** Forgets what is logged (a recording started or stopped). */
  clear(): void {
    this.count = 0;
    this.overflowed = false;
  }
}
