/**
 * Per-second rate of a monotonically growing server counter (stats.websocket.*), from two
 * polls. A counter that went down means the server restarted: start over instead of showing
 * a negative rate.
 */
export class CounterRate {
  private last: { value: number; atMs: number } | null = null;
  /** Latest rate per second; NaN until two samples. */
  perSecond = Number.NaN;
  /** Latest increase between the two samples. */
  delta = Number.NaN;

  sample(value: number, atMs: number): void {
    const last = this.last;
    this.last = { value, atMs };
    if (last === null || value < last.value || atMs <= last.atMs) {
      this.perSecond = Number.NaN;
      this.delta = Number.NaN;
      return;
    }
    this.delta = value - last.value;
    this.perSecond = (this.delta * 1000) / (atMs - last.atMs);
  }
}
