/**
 * Maps local time to server ticks from snapshot arrivals, so interpolation runs on the server's
 * timeline rather than on jittery arrival times. The offset (local ms at tick 0) follows the
 * earliest-arriving snapshots: an early one is the least delayed we have seen and is taken at
 * once; later ones pull the estimate back slowly, so one delayed packet does not shift time.
 */
export class ServerClock {
  private offsetMs = Number.NaN;

  /** @param tickMs length of a server tick. @param driftPerSample how fast late samples pull. @default 0.02 */
  constructor(
    readonly tickMs: number,
    private readonly driftPerSample = 0.02,
  ) {}

  get synced(): boolean {
    return !Number.isNaN(this.offsetMs);
  }

  observe(tick: number, receivedMs: number): void {
    const sample = receivedMs - tick * this.tickMs;
    if (Number.isNaN(this.offsetMs) || sample < this.offsetMs || sample - this.offsetMs > 1000) {
      // Earlier than expected, first sample, or a jump of over a second (restart, long stall).
      this.offsetMs = sample;
    } else {
      this.offsetMs += (sample - this.offsetMs) * this.driftPerSample;
    }
  }

  /** Server tick (fractional) that corresponds to local time nowMs. */
  tickAt(nowMs: number): number {
    return (nowMs - this.offsetMs) / this.tickMs;
  }

  reset(): void {
    this.offsetMs = Number.NaN;
  }
}
