import { SampleRing } from './sample-ring';
import { systemClock, type MonotonicClock } from './monotonic-clock';

export interface FixedStepLoopOptions {
  /** Simulation ticks per second. @default 30 */
  tickRateHz: number;
  /**
   * Most ticks run back to back when the loop wakes up late (a GC pause, a busy event loop).
   * Past that the loop drops the backlog and counts it as skipped instead of spiralling:
   * running more ticks to catch up would make the next wake-up later still.
   * @default 4
   */
  maxCatchUpTicks?: number;
  /** Called once per tick with the tick index (0, 1, 2, ...). */
  onTick: (tickIndex: number) => void;
  /**
   * Called after each tick with how long it took and how late it started, for metrics (a
   * histogram observe: keep it cheap, it runs every tick).
   */
  onTickTimed?: (durationMs: number, startLateMs: number) => void;
  clock?: MonotonicClock;
}

/**
 * A fixed-timestep scheduler: an accumulator on a monotonic clock. Tick n is due at
 * `startMs + n * stepMs`, computed from n rather than summed, so there is no drift however long
 * it runs. setInterval would drift and would silently queue or drop ticks under load.
 *
 *   time ─────┬──────────┬──────────┬──────────┬────▶
 *           due 0      due 1      due 2      due 3
 *             ▲ woke     ▲ woke late ───▶ runs 1 and 2 back to back (bounded)
 */
export class FixedStepLoop {
  readonly stepMs: number;
  readonly tickDurationMs = new SampleRing();
  readonly startJitterMs = new SampleRing();
  ticksRun = 0;
  ticksSkipped = 0;

  private readonly clock: MonotonicClock;
  private readonly maxCatchUpTicks: number;
  private readonly onTick: (tickIndex: number) => void;
  private readonly onTickTimed: ((durationMs: number, startLateMs: number) => void) | undefined;
  private startMs = 0;
  private nextIndex = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private readonly wake = () => {
    this.timer = null;
    if (!this.running) return;
    this.advance();
    this.scheduleNext();
  };

  constructor(options: FixedStepLoopOptions) {
    if (!(options.tickRateHz > 0 && options.tickRateHz <= 1000)) {
      throw new RangeError(`tickRateHz must be in (0, 1000], got ${options.tickRateHz}`);
    }
    this.stepMs = 1000 / options.tickRateHz;
    this.maxCatchUpTicks = options.maxCatchUpTicks ?? 4;
    this.onTick = options.onTick;
    this.onTickTimed = options.onTickTimed;
    this.clock = options.clock ?? systemClock;
  }

  /** Starts ticking on real timers; the first tick is due one step from now. */
  start(): void {
    if (this.running) return;
    this.reset();
    this.running = true;
    this.scheduleNext();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Sets the time origin without timers; tests then call advance() after moving a fake clock. */
  reset(): void {
    this.startMs = this.clock.nowMs();
    this.nextIndex = 1;
  }

  /** Runs every tick that is due, at most maxCatchUpTicks of them; returns how many ran. */
  advance(): number {
    let ran = 0;
    let now = this.clock.nowMs();
    while (now >= this.dueMs(this.nextIndex) && ran < this.maxCatchUpTicks) {
      const startedMs = now;
      const lateMs = startedMs - this.dueMs(this.nextIndex);
      this.startJitterMs.record(lateMs);
      this.onTick(this.ticksRun);
      this.ticksRun++;
      this.nextIndex++;
      ran++;
      now = this.clock.nowMs();
      this.tickDurationMs.record(now - startedMs);
      this.onTickTimed?.(now - startedMs, lateMs);
    }
    if (now >= this.dueMs(this.nextIndex)) {
      // Still behind after the bounded catch-up: drop the backlog rather than spiral.
      const behind = Math.floor((now - this.dueMs(this.nextIndex)) / this.stepMs) + 1;
      this.ticksSkipped += behind;
      this.nextIndex += behind;
    }
    return ran;
  }

  /** Milliseconds until the next tick is due (negative when overdue). */
  msUntilNextTick(): number {
    return this.dueMs(this.nextIndex) - this.clock.nowMs();
  }

  private dueMs(index: number): number {
    return this.startMs + index * this.stepMs;
  }

  private scheduleNext(): void {
    if (!this.running) return;
    const waitMs = this.msUntilNextTick();
    // setTimeout never fires early but often ~1 ms late; the jitter ring records by how much.
    this.timer = setTimeout(this.wake, waitMs > 0 ? Math.floor(waitMs) : 0);
  }
}
