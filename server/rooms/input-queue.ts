/**
 * Per-slot FIFO of inputs not yet simulated, in flat typed arrays (no objects per input).
 * Each input is one tick of the client's prediction, so the room applies one per tick; a client
 * that gets ahead (a burst after a stall) is trimmed to the newest few so its inputs do not lag
 * further and further behind.
 */
export class InputQueue {
  /** Inputs kept per slot; older ones are dropped when a burst overflows it. */
  static readonly CAPACITY = 8;
  /** Above this backlog the oldest inputs are dropped at the next tick. */
  static readonly MAX_BACKLOG = 3;

  private readonly seqs: Uint32Array;
  private readonly buttons: Uint8Array;
  private readonly head: Uint8Array;
  private readonly length: Uint8Array;

  constructor(slots: number) {
    this.seqs = new Uint32Array(slots * InputQueue.CAPACITY);
    this.buttons = new Uint8Array(slots * InputQueue.CAPACITY);
    this.head = new Uint8Array(slots);
    this.length = new Uint8Array(slots);
  }

  push(slot: number, seq: number, buttons: number): void {
    const cap = InputQueue.CAPACITY;
    if (this.length[slot] === cap) {
      this.head[slot] = (this.head[slot] + 1) % cap;
      this.length[slot]--;
    }
    const at = slot * cap + ((this.head[slot] + this.length[slot]) % cap);
    this.seqs[at] = seq;
    this.buttons[at] = buttons;
    this.length[slot]++;
  }

  size(slot: number): number {
    return this.length[slot];
  }

  /**
   * Moves the next input of a slot into out (seq and buttons at index slot); returns false when
   * the slot has none. Trims the backlog first.
   */
  popInto(slot: number, outSeq: Uint32Array, outButtons: Uint8Array): boolean {
    const cap = InputQueue.CAPACITY;
    while (this.length[slot] > InputQueue.MAX_BACKLOG) {
      this.head[slot] = (this.head[slot] + 1) % cap;
      this.length[slot]--;
    }
    if (this.length[slot] === 0) return false;
    const at = slot * cap + this.head[slot];
    outSeq[slot] = this.seqs[at];
    outButtons[slot] = this.buttons[at];
    this.head[slot] = (this.head[slot] + 1) % cap;
    this.length[slot]--;
    return true;
  }

  clear(slot: number): void {
    this.head[slot] = 0;
    this.length[slot] = 0;
  }
}
