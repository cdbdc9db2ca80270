import { Arena } from '../../shared/sim/arena';

const CAPACITY = 8;
const MAX_BACKLOG = 3;
/**
 * Ticks an input may keep waiting behind another before the older one is dropped. A client
 * sending exactly at the tick rate whose message lands just after a tick leaves one input
 * standing in the queue for good, adding a whole tick (33 ms) to every input's echo; a burst
 * after a network hiccup is still played out over a couple of ticks.
 */
const STANDING_BACKLOG_TICKS = 3;
/** CAPACITY is a power of two, so ring indexes wrap with a mask instead of a division. */
const RING_MASK = CAPACITY - 1;

/**
 * Per-slot FIFO of inputs not yet simulated, in flat typed arrays (no objects per input).
 * Each input is one tick of the client's prediction, so the room applies one per tick; a client
 * that gets ahead (a burst after a stall) is trimmed to the newest few so its inputs do not lag
 * further and further behind.
 */
export class InputQueue {
  /** Inputs kept per slot; older ones are dropped when a burst overflows it. */
  static readonly CAPACITY = CAPACITY;
  /** Above this backlog the oldest inputs are dropped at the next tick. */
  static readonly MAX_BACKLOG = MAX_BACKLOG;

  private readonly seqs: Uint32Array;
  private readonly buttons: Uint8Array;
  private readonly head: Uint8Array;
  private readonly length: Uint8Array;
  /** Consecutive ticks each slot had more than one input waiting. */
  private readonly backlogTicks: Uint8Array;

  constructor(slots: number) {
    // One buffer for the whole queue: a tick walks it once per slot (issue #3).
    const arena = new Arena(Arena.bytesFor(slots * CAPACITY, slots * CAPACITY + 2 * slots));
    this.seqs = arena.uint32(slots * CAPACITY);
    this.buttons = arena.uint8(slots * CAPACITY);
    this.head = arena.uint8(slots);
    this.length = arena.uint8(slots);
    this.backlogTicks = new Uint8Array(slots);
  }

  push(slot: number, seq: number, buttons: number): void {
    const length = this.length;
    const head = this.head;
    if (length[slot] === CAPACITY) {
      head[slot] = (head[slot] + 1) & RING_MASK;
      length[slot]--;
    }
    const at = slot * CAPACITY + ((head[slot] + length[slot]) & RING_MASK);
    this.seqs[at] = seq;
    this.buttons[at] = buttons;
    length[slot]++;
  }

  size(slot: number): number {
    return this.length[slot];
  }

  /**
   * Moves the next input of a slot into out (seq and buttons at index slot); returns false when
   * the slot has none. Trims the backlog first.
   */
  popInto(slot: number, outSeq: Uint32Array, outButtons: Uint8Array): boolean {
    const length = this.length;
    let left = length[slot];
    if (left === 0) return false;
    const head = this.head;
    let first = head[slot];
    if (left > MAX_BACKLOG) {
      // Drop the oldest, keeping the newest MAX_BACKLOG.
      first = (first + left - MAX_BACKLOG) & RING_MASK;
      left = MAX_BACKLOG;
    }
    if (left > 1) {
      if (++this.backlogTicks[slot] >= STANDING_BACKLOG_TICKS) {
        // A standing backlog: skip the oldest so the newest input is applied now.
        first = (first + left - 1) & RING_MASK;
        left = 1;
        this.backlogTicks[slot] = 0;
      }
    } else {
      this.backlogTicks[slot] = 0;
    }
    const at = slot * CAPACITY + first;
    outSeq[slot] = this.seqs[at];
    outButtons[slot] = this.buttons[at];
    head[slot] = (first + 1) & RING_MASK;
    length[slot] = left - 1;
    return true;
  }

  clear(slot: number): void {
    this.head[slot] = 0;
    this.length[slot] = 0;
    this.backlogTicks[slot] = 0;
  }
}
