import { CLIENT_MAX_MARGIN_MS } from '../../shared/protocol/input-limits';
import { ServerClock } from './server-clock';

export interface TickClockOptions {
  /** Margin kept however steady the link (timer and event-loop slack). @default 2 */
  minMarginMs?: number;
  /** Margin per ms of measured jitter (the RTT samples' spread, as a standard deviation). @default 3 */
  jitterFactor?: number;
  /** Extra margin after the server reports one of our inputs late, decaying to 0. @default half a tick */
  lateBoostMs?: number;
  /** Time for that extra margin to halve. @default 3000 */
  lateHalfLifeMs?: number;
}

/**
 * RTT samples the estimate is taken from (about 9 s at one ping a second). The median and the
 * median absolute deviation of a window, not a running mean: a single stall (a GC pause, the
 * JIT warming up while joining) then neither pushes the lead up for many seconds nor hides the
 * jitter of the samples around it.
 */
const RTT_WINDOW = 9;
/**
 * Until this many RTT samples (the quick pings after a welcome, ~1 s) a spread cannot be
 * told from noise: the margin is then half the largest sample, so the first inputs are not
 * late on a jittery link (measured: a correction in the first second through 50 +- 20 ms).
 */
const RTT_SAMPLES_TO_TRUST = 5;
/** Snapshots seen before stamping (about 66 ms at 30 Hz). */
const SNAPSHOTS_TO_SYNC = 3;
/** MAD -> standard deviation of a normal distribution. */
const MAD_TO_SIGMA = 1.4826;

/**
 * The client's tick clock (issue 11 §3): which server tick an input sent now should be stamped
 * for, so that it reaches the server just before that tick is simulated and none is late.
 *
 *   server  --- tick S-1 runs, snapshot S leaves ------------------ tick D runs ------>
 *                      \ down                                 up  /^ margin
 *   client  ------------ snapshot S arrives ------ input for D sent ----------------->
 *
 * The server's timeline comes from snapshot arrivals (a ServerClock, which follows the least
 * delayed of them); an input then needs the RTT (the median of the last pings) to get back,
 * plus a margin that follows the measured jitter (their spread). So the stamps run ahead of
 * the server by about half the RTT plus the margin. After the server says an input came late,
 * the margin grows by about a tick and decays again.
 */
export class TickClock {
  readonly server: ServerClock;
  /** Median of the recent RTT samples; NaN before the first. */
  srttMs = Number.NaN;
  /** Their spread (median absolute deviation, as a standard deviation): the jitter the margin follows. */
  rttVarMs = 0;
  /** Late inputs the server reported. */
  lateReports = 0;
  private readonly minMarginMs: number;
  private readonly jitterFactor: number;
  private readonly lateBoostStepMs: number;
  private readonly lateHalfLifeMs: number;
  private lateBoostMs = 0;
  private lateBoostAtMs = 0;
  private readonly rttSamples = new Float64Array(RTT_WINDOW);
  private readonly scratch = new Float64Array(RTT_WINDOW);
  private rttCount = 0;
  private snapshotsSeen = 0;

  constructor(
    readonly tickMs: number,
    options: TickClockOptions = {},
  ) {
    if (!(tickMs > 0)) throw new RangeError(`tickMs must be > 0: ${tickMs}`);
    this.server = new ServerClock(tickMs);
    this.minMarginMs = options.minMarginMs ?? 2;
    this.jitterFactor = options.jitterFactor ?? 3;
    this.lateBoostStepMs = options.lateBoostMs ?? tickMs / 2;
    this.lateHalfLifeMs = options.lateHalfLifeMs ?? 3000;
  }

  /**
   * True once a few snapshots and an RTT were seen: stamps before that would be guesses (the
   * joiner's keyframe leaves mid-tick, so the first broadcasts after it set the timeline).
   */
  get synced(): boolean {
    return this.snapshotsSeen >= SNAPSHOTS_TO_SYNC && !Number.isNaN(this.srttMs);
  }

  observeSnapshot(tick: number, receivedMs: number): void {
    this.server.observe(tick, receivedMs);
    this.snapshotsSeen++;
  }

  observeRtt(rttMs: number): void {
    if (!(rttMs >= 0) || !Number.isFinite(rttMs)) return;
    this.rttSamples[this.rttCount % RTT_WINDOW] = rttMs;
    this.rttCount++;
    const n = Math.min(this.rttCount, RTT_WINDOW);
    const median = medianOf(this.rttSamples, n, this.scratch);
    const largest = this.scratch[n - 1];
    for (let i = 0; i < n; i++) this.scratch[i] = Math.abs(this.rttSamples[i] - median);
    this.srttMs = median;
    this.rttVarMs = MAD_TO_SIGMA * medianOf(this.scratch, n, this.scratch);
    // Too few samples to know the jitter: assume a lot of it (see RTT_SAMPLES_TO_TRUST).
    if (this.rttCount < RTT_SAMPLES_TO_TRUST) this.rttVarMs = Math.max(this.rttVarMs, largest / (2 * this.jitterFactor));
  }

  /** The server applied one of our inputs `lateTicks` after its stamp: keep more margin a while. */
  observeLate(lateTicks: number, nowMs: number): void {
    if (!(lateTicks > 0)) return;
    this.lateReports++;
    this.lateBoostMs = this.lateBoostAt(nowMs) + this.lateBoostStepMs;
    this.lateBoostAtMs = nowMs;
  }

  /**
   * Safety margin on top of the RTT, ms, capped at CLIENT_MAX_MARGIN_MS: past it the stamps
   * would near the server's lead limit and be refused, while late inputs are still applied.
   */
  marginMs(nowMs: number): number {
    return Math.min(CLIENT_MAX_MARGIN_MS, this.minMarginMs + this.jitterFactor * this.rttVarMs + this.lateBoostAt(nowMs));
  }

  /** How far ahead of the server's own tick the stamps run: about half the RTT plus the margin. */
  leadMs(nowMs: number): number {
    return this.srttMs / 2 + this.marginMs(nowMs);
  }

  /**
   * The tick position inputs are stamped at (fractional): the server's tick as the snapshots
   * show it, plus the way there and back and the margin. -1 of it because snapshot S leaves
   * as tick S-1 finishes.
   */
  targetTick(nowMs: number): number {
    return this.server.tickAt(nowMs) - 1 + (this.srttMs + this.marginMs(nowMs)) / this.tickMs;
  }

  /** The earliest server tick an input sent at nowMs still reaches before it is simulated. */
  dueTick(nowMs: number): number {
    return Math.ceil(this.targetTick(nowMs));
  }

  reset(): void {
    this.server.reset();
    this.srttMs = Number.NaN;
    this.rttVarMs = 0;
    this.rttCount = 0;
    this.snapshotsSeen = 0;
    this.lateBoostMs = 0;
  }

  private lateBoostAt(nowMs: number): number {
    if (this.lateBoostMs === 0) return 0;
    const boost = this.lateBoostMs * 0.5 ** (Math.max(0, nowMs - this.lateBoostAtMs) / this.lateHalfLifeMs);
    return boost < 0.1 ? 0 : boost;
  }
}

/** Median of values[0..n) via `out` (may be `values`' own scratch); allocation-free, n is tiny. */
function medianOf(values: Float64Array, n: number, out: Float64Array): number {
  if (out !== values) for (let i = 0; i < n; i++) out[i] = values[i];
  // Insertion sort of at most RTT_WINDOW numbers.
  for (let i = 1; i < n; i++) {
    const v = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > v) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = v;
  }
  return n % 2 === 1 ? out[n >> 1] : (out[(n >> 1) - 1] + out[n >> 1]) / 2;
}
