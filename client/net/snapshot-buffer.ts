import type { ReplicaState } from '../../shared/protocol/replica-state';

/** Snapshots kept: at 30 Hz, half a second; enough for a 2-interval delay plus late arrivals. */
export const SNAPSHOT_BUFFER_CAPACITY = 16;

/**
 * A ring of the last few decoded snapshots (just what drawing other players needs), copied into
 * typed arrays allocated once: pushing one is a few TypedArray.set calls, and reading one is
 * index arithmetic — no per-snapshot objects, sorting or JSON (the geckos library's deep copy
 * and per-frame sort are what this avoids). Entries are in arrival order, which is tick order
 * because the decoder only moves forward; a tick going back (a new server) clears the ring.
 */
export class SnapshotBuffer {
  readonly capacity: number;
  readonly maxPlayers: number;
  /** Per entry. */
  readonly tick: Int32Array;
  readonly receivedMs: Float64Array;
  /** Per entry x slot, at entry * maxPlayers + slot. */
  readonly active: Uint8Array;
  readonly px: Int32Array;
  readonly py: Int32Array;
  readonly heading: Int32Array;
  private head = 0;
  private size = 0;

  constructor(maxPlayers: number, capacity = SNAPSHOT_BUFFER_CAPACITY) {
    this.capacity = capacity;
    this.maxPlayers = maxPlayers;
    this.tick = new Int32Array(capacity);
    this.receivedMs = new Float64Array(capacity);
    this.active = new Uint8Array(capacity * maxPlayers);
    this.px = new Int32Array(capacity * maxPlayers);
    this.py = new Int32Array(capacity * maxPlayers);
    this.heading = new Int32Array(capacity * maxPlayers);
  }

  get count(): number {
    return this.size;
  }

  push(state: ReplicaState, receivedMs: number): void {
    if (this.size > 0 && state.tick <= this.tick[this.entry(this.size - 1)]) this.clear();
    let at: number;
    if (this.size < this.capacity) {
      at = (this.head + this.size) % this.capacity;
      this.size++;
    } else {
      at = this.head;
      this.head = (this.head + 1) % this.capacity;
    }
    const base = at * this.maxPlayers;
    this.tick[at] = state.tick;
    this.receivedMs[at] = receivedMs;
    this.active.set(state.active, base);
    this.px.set(state.px, base);
    this.py.set(state.py, base);
    this.heading.set(state.heading, base);
  }

  /** Storage index of the i-th oldest entry (0 = oldest, count-1 = newest). */
  entry(i: number): number {
    return (this.head + i) % this.capacity;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
