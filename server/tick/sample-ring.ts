/**
 * A fixed-size ring of recent samples (tick durations, start jitter) for percentiles.
 * Recording never allocates; percentile() copies into a reused scratch array, so call it from
 * reporting paths (metrics scrape, bench), not per tick.
 */
export class SampleRing {
  private readonly samples: Float64Array;
  private readonly scratch: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(capacity = 2048) {
    this.samples = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  record(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
  }

  get count(): number {
    return this.filled;
  }

  /** p in [0, 100]; NaN when empty. */
  percentile(p: number): number {
    if (this.filled === 0) return Number.NaN;
    const view = this.scratch.subarray(0, this.filled);
    view.set(this.samples.subarray(0, this.filled));
    view.sort();
    const rank = Math.min(this.filled - 1, Math.max(0, Math.ceil((p / 100) * this.filled) - 1));
    return view[rank];
  }

  max(): number {
    let m = Number.NaN;
    for (let i = 0; i < this.filled; i++) if (!(this.samples[i] <= m)) m = this.samples[i];
    return m;
  }

  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
