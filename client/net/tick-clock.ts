import { ServerClock } from './server-clock';

export interface TickClockOptions {
  /** Margin kept however steady the link (timer and event-loop slack). @default 2 */
  minMarginMs?: number;
  /** Margin per ms of measured jitter (the RTT's mean deviation). @default 2 */
  jitterFactor?: number;
  /** Extra margin after the server reports one of our inputs late, decaying to 0. @default one tick */
  lateBoostMs?: number;
  /** Time for that extra margin to halve. @default 5000 */
  lateHalfLifeMs?: number;
}

/** Smoothing gains of the RTT estimate and its mean deviation (RFC 6298's alpha and beta). */
const RTT_GAIN = 1 / 8;
const RTT_VAR_GAIN = 1 / 4;

/**
 * The client's tick clock (issue 11 §3): which server tick an input sent now should be stamped
 * for, so that it reaches the server just before that tick is simulated and none is late.
 *
 *   server  --- tick S-1 runs, snapshot S leaves ------------------ tick D runs ------>
 *                      \ down                                 up  /^ margin
 *   client  ------------ snapshot S arrives ------ input for D sent ----------------->
 *
 * The server's timeline comes from snapshot arrivals (a ServerClock, which follows the least
 * delayed of them); an input then needs the RTT (smoothed from the pings, RFC 6298 style) to
 * get back, plus a margin that follows the measured jitter. So the stamps run ahead of the
 * server by about half the RTT plus the margin. After the server says an input came late, the
 * margin grows by about a tick and decays again.
 */
export class TickClock {
  readonly server: ServerClock;
  /** Smoothed RTT; NaN before the first sample. */
  srttMs = Number.NaN;
  /** Mean deviation of the RTT samples: the jitter the margin follows. */
  rttVarMs = 0;
  /** Late inputs the server reported. */
  lateReports = 0;
  private readonly minMarginMs: number;
  private readonly jitterFactor: number;
  private readonly lateBoostStepMs: number;
  private readonly lateHalfLifeMs: number;
  private lateBoostMs = 0;
  private lateBoostAtMs = 0;

  constructor(
    readonly tickMs: number,
    options: TickClockOptions = {},
  ) {
    if (!(tickMs > 0)) throw new RangeError(`tickMs must be > 0: ${tickMs}`);
    this.server = new ServerClock(tickMs);
    this.minMarginMs = options.minMarginMs ?? 2;
    this.jitterFactor = options.jitterFactor ?? 2;
    this.lateBoostStepMs = options.lateBoostMs ?? tickMs;
    this.lateHalfLifeMs = options.lateHalfLifeMs ?? 5000;
  }

  /** True once both a snapshot and an RTT were seen: stamps before that would be guesses. */
  get synced(): boolean {
    return this.server.synced && !Number.isNaN(this.srttMs);
  }

  observeSnapshot(tick: number, receivedMs: number): void {
    this.server.observe(tick, receivedMs);
  }

  observeRtt(rttMs: number): void {
    if (!(rttMs >= 0) || !Number.isFinite(rttMs)) return;
    if (Number.isNaN(this.srttMs)) {
      this.srttMs = rttMs;
      this.rttVarMs = rttMs / 2;
      return;
    }
    this.rttVarMs += (Math.abs(rttMs - this.srttMs) - this.rttVarMs) * RTT_VAR_GAIN;
    this.srttMs += (rttMs - this.srttMs) * RTT_GAIN;
  }

  /** The server applied one of our inputs `lateTicks` after its stamp: keep more margin a while. */
  observeLate(lateTicks: number, nowMs: number): void {
    if (!(lateTicks > 0)) return;
    this.lateReports++;
    this.lateBoostMs = this.lateBoostAt(nowMs) + this.lateBoostStepMs;
    this.lateBoostAtMs = nowMs;
  }

  /** Safety margin on top of the RTT, ms. */
  marginMs(nowMs: number): number {
    return this.minMarginMs + this.jitterFactor * this.rttVarMs + this.lateBoostAt(nowMs);
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
    this.lateBoostMs = 0;
  }

  private lateBoostAt(nowMs: number): number {
    if (this.lateBoostMs === 0) return 0;
    const boost = this.lateBoostMs * 0.5 ** (Math.max(0, nowMs - this.lateBoostAtMs) / this.lateHalfLifeMs);
    return boost < 0.1 ? 0 : boost;
  }
}
