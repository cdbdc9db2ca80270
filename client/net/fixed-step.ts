/**
 * A fixed-timestep accumulator on a caller-supplied monotonic clock (performance.now in the
 * browser). The input loop sends exactly one input per sim tick on average however late the
 * timer that pumps it fires, so the server's one-input-per-tick queue neither starves nor
 * floods (a bare setInterval drifts and bunches; see shared/style.md, "fixed step").
 */
export class FixedStep {
  private lastMs = Number.NaN;
  private accumulatorMs = 0;
  /** Ticks dropped because the pump fell more than maxCatchUpSteps behind (tab in background). */
  droppedSteps = 0;

  /**
   * @param stepMs length of one tick
   * @param maxCatchUpSteps steps run at most per advance; beyond that time is dropped, so a
   *   throttled tab does not burst a second of inputs at once. @default 4
   */
  constructor(
    readonly stepMs: number,
    private readonly maxCatchUpSteps = 4,
  ) {
    if (!(stepMs > 0)) throw new RangeError(`stepMs must be > 0: ${stepMs}`);
  }

  /** Runs onStep once per whole step elapsed since the last call; returns the steps run. */
  advance(nowMs: number, onStep: () => void): number {
    if (Number.isNaN(this.lastMs)) {
      this.lastMs = nowMs;
      return 0;
    }
    this.accumulatorMs += Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    let steps = 0;
    while (this.accumulatorMs >= this.stepMs) {
      this.accumulatorMs -= this.stepMs;
      if (steps >= this.maxCatchUpSteps) {
        this.droppedSteps++;
        continue;
      }
      onStep();
      steps++;
    }
    return steps;
  }

  /** Fraction (0..1) of the next step already elapsed: how far to blend toward the next state. */
  get alpha(): number {
    return this.accumulatorMs / this.stepMs;
  }

  reset(): void {
    this.lastMs = Number.NaN;
    this.accumulatorMs = 0;
  }
}
