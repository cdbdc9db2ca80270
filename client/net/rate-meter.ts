/**
 * Events (or bytes) per second over the last whole window, for the network inspector.
 * Counting is one addition; the rate only changes when a window closes, so the number on
 * screen is steady enough to read.
 */
export class RateMeter {
  private windowStartMs = Number.NaN;
  private count = 0;
  /** Per second, over the last closed window; 0 until one closes. */
  perSecond = 0;

  /** @param windowMs length of a window. @default 1000 */
  constructor(private readonly windowMs = 1000) {}

  add(amount: number, nowMs: number): void {
    this.roll(nowMs);
    this.count += amount;
  }

  /** Closes the window when it is over (call this even when nothing happens, to fall to 0). */
  roll(nowMs: number): void {
    if (Number.isNaN(this.windowStartMs)) {
      this.windowStartMs = nowMs;
      return;
    }
    const elapsed = nowMs - this.windowStartMs;
    if (elapsed < this.windowMs) return;
    // A gap of several windows with no events reads as 0, not as the old count spread thin.
    this.perSecond = elapsed < 2 * this.windowMs ? (this.count * 1000) / elapsed : 0;
    this.count = 0;
    this.windowStartMs = nowMs;
  }
}
