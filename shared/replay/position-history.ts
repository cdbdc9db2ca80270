import { HEADING_STEPS } from '../sim/constants';
import type { World } from '../sim/world';

/** Where each slot is drawn, as sampled from the history (floats: between two ticks). */
export interface SampledPositions {
  readonly visible: Uint8Array;
  /** Position quanta. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Heading steps. */
  readonly heading: Float64Array;
}

export function createSampledPositions(maxPlayers: number): SampledPositions {
  return { visible: new Uint8Array(maxPlayers), x: new Float64Array(maxPlayers), y: new Float64Array(maxPlayers), heading: new Float64Array(maxPlayers) };
}

/**
 * The last few ticks of every scooter's position, in a ring of typed arrays: what the "as a
 * student saw it" lens draws others from (their positions an RTT plus the interpolation delay
 * ago). Pushing a tick is four typed-array copies; sampling blends the two ticks around a
 * fractional tick, the way the client's interpolation blends two snapshots.
 */
export class PositionHistory {
  private readonly ticks: Int32Array;
  private readonly active: Uint8Array;
  private readonly px: Int32Array;
  private readonly py: Int32Array;
  private readonly heading: Int32Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly maxPlayers: number,
    readonly capacity: number,
  ) {
    this.ticks = new Int32Array(capacity);
    this.active = new Uint8Array(capacity * maxPlayers);
    this.px = new Int32Array(capacity * maxPlayers);
    this.py = new Int32Array(capacity * maxPlayers);
    this.heading = new Int32Array(capacity * maxPlayers);
  }

  get count(): number {
    return this.size;
  }

  /** Oldest tick held (NaN when empty). */
  get oldestTick(): number {
    return this.size === 0 ? Number.NaN : this.ticks[this.head];
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  push(world: World): void {
    let at: number;
    if (this.size > 0 && this.ticks[(this.head + this.size - 1) % this.capacity] === world.tick) {
      // The same tick again (a keyframe applied after a restore): overwrite it.
      at = (this.head + this.size - 1) % this.capacity;
    } else if (this.size < this.capacity) {
      at = (this.head + this.size) % this.capacity;
      this.size++;
    } else {
      at = this.head;
      this.head = (this.head + 1) % this.capacity;
    }
    const base = at * this.maxPlayers;
    this.ticks[at] = world.tick;
    this.active.set(world.active, base);
    this.px.set(world.px, base);
    this.py.set(world.py, base);
    this.heading.set(world.heading, base);
  }

  /**
   * Positions at fractional `tick`, clamped to what is held (the oldest entry when asked for
   * earlier). A slot is visible when it was active at the later of the two ticks.
   */
  sample(tick: number, out: SampledPositions): void {
    if (this.size === 0) {
      out.visible.fill(0);
      return;
    }
    let a = this.entry(0);
    let b = a;
    let t = 0;
    for (let i = this.size - 1; i >= 0; i--) {
      const e = this.entry(i);
      if (this.ticks[e] <= tick) {
        a = e;
        b = i + 1 < this.size ? this.entry(i + 1) : e;
        t = b === a ? 0 : (tick - this.ticks[a]) / (this.ticks[b] - this.ticks[a]);
        break;
      }
    }
    const n = this.maxPlayers;
    const baseA = a * n;
    const baseB = b * n;
    for (let s = 0; s < n; s++) {
      if (this.active[baseB + s] === 0) {
        out.visible[s] = 0;
        continue;
      }
      if (this.active[baseA + s] === 0) {
        // Joined between the two ticks: where it appeared.
        out.visible[s] = 1;
        out.x[s] = this.px[baseB + s];
        out.y[s] = this.py[baseB + s];
        out.heading[s] = this.heading[baseB + s];
        continue;
      }
      out.visible[s] = 1;
      out.x[s] = this.px[baseA + s] + (this.px[baseB + s] - this.px[baseA + s]) * t;
      out.y[s] = this.py[baseA + s] + (this.py[baseB + s] - this.py[baseA + s]) * t;
      const h0 = this.heading[baseA + s];
      const half = HEADING_STEPS / 2;
      const turn = ((((this.heading[baseB + s] - h0 + half) % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS) - half;
      out.heading[s] = (((h0 + turn * t) % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS;
    }
  }

  private entry(i: number): number {
    return (this.head + i) % this.capacity;
  }
}
