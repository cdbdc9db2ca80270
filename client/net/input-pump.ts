import type { Predictor } from './prediction';
import type { TickClock } from './tick-clock';

/** Where the pump sends an input (a control word: buttons or a steer target); returns the input's seq. */
export interface InputSender {
  sendInput(tick: number, control: number): number;
}

export interface InputPumpOptions {
  /**
   * null: send when the control changes, plus keep-alives (protocol version 2's default). A
   * number: send the control at this fixed rate whether or not they changed, as every client
   * did before (30 = the old one-per-tick load, for comparison). @default null
   */
  fixedRateHz?: number | null;
  /** While a button or steer target is held, resend it at least this often (the server is told we are here). @default 200 */
  keepAliveMs?: number;
  /** With nothing held, resend at least this often. @default 1000 */
  idleKeepAliveMs?: number;
}

/**
 * Decides, for the browser and the bots alike, which tick the next input is for and whether
 * it is sent (issue 11 §3). Each call commits at most one new tick: the earliest one an input
 * sent now still reaches in time (TickClock.dueTick). Ticks it skipped keep the buttons held,
 * exactly as the server holds them, so nothing needs sending for them. What it samples and
 * sends is a control word (shared/sim/steering.ts): the buttons, or a point-to-steer target
 * (protocol version 3); "the buttons" below means either.
 *
 *   ticks:   40   41   42   43   44   45   46 ...
 *   buttons: Up   Up   Up   Up+L Up+L Up   Up
 *   sent:    #1             #2        #3        (+ a keep-alive every 200 ms while held)
 *
 * A cruising scooter costs ~5 messages a second instead of 30. Stamps only move forward.
 */
export class InputPump {
  /** The next tick to commit (NaN until the first). */
  nextTick = Number.NaN;
  inputsSent = 0;
  keepAlivesSent = 0;
  ticksCommitted = 0;
  /** The last input sent: its seq (0: none yet), tick and control word. */
  lastSeq = 0;
  lastSentTick = Number.NEGATIVE_INFINITY;
  lastControl = -1;
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private readonly fixedEveryTicks: number;
  private readonly keepAliveMs: number;
  private readonly idleKeepAliveMs: number;

  constructor(
    tickRateHz: number,
    private readonly sender: InputSender,
    private readonly clock: TickClock,
    options: InputPumpOptions = {},
  ) {
    const fixed = options.fixedRateHz ?? null;
    if (fixed !== null && !(fixed > 0)) throw new RangeError(`fixedRateHz must be > 0: ${fixed}`);
    this.fixedEveryTicks = fixed === null ? 0 : Math.max(1, Math.round(tickRateHz / fixed));
    this.keepAliveMs = options.keepAliveMs ?? 200;
    this.idleKeepAliveMs = options.idleKeepAliveMs ?? 1000;
  }

  /**
   * Commits the next tick if one is due at nowMs: samples the control word, sends it if the rules
   * say so, and predicts the tick (predictor null: prediction off). Returns the committed tick,
   * or -1 when none was due.
   */
  pump(nowMs: number, predictor: Predictor | null, sample: () => number): number {
    if (!this.clock.synced) return -1;
    const due = this.clock.dueTick(nowMs);
    if (Number.isNaN(this.nextTick)) this.nextTick = due;
    if (due < this.nextTick) return -1;
    const predicting = predictor !== null && predictor.initialized;
    if (predicting) predictor.advanceTo(due);
    let control = sample();
    let send: boolean;
    if (this.fixedEveryTicks > 0) {
      send = due - this.lastSentTick >= this.fixedEveryTicks;
      // At a fixed rate the control changes only when it is sent: the server holds it.
      if (!send) control = this.lastControl < 0 ? 0 : this.lastControl;
    } else {
      const keepAlive = nowMs - this.lastSentMs >= (control !== 0 ? this.keepAliveMs : this.idleKeepAliveMs);
      send = control !== this.lastControl || keepAlive;
      if (send && control === this.lastControl) this.keepAlivesSent++;
    }
    let seq = 0;
    if (send) {
      seq = this.sender.sendInput(due, control);
      this.lastSeq = seq;
      this.lastControl = control;
      this.lastSentMs = nowMs;
      this.lastSentTick = due;
      this.inputsSent++;
    }
    // A predictor further along (it jumped to a snapshot ahead of the clock) skips this tick.
    if (predicting && predictor.tick === due) predictor.applyInput(seq, control);
    this.nextTick = due + 1;
    this.ticksCommitted++;
    return due;
  }

  /**
   * How far (0..1) display time has moved from the predictor's previous state to its current
   * one: committing tick D happens as the clock's target passes D - 1.
   */
  blend(nowMs: number, predictorTick: number): number {
    if (!this.clock.synced) return 1;
    const t = this.clock.targetTick(nowMs) - (predictorTick - 2);
    return t < 0 ? 0 : t > 1 ? 1 : t;
  }

  /** A new session: the first commit sends whatever is held. */
  reset(): void {
    this.nextTick = Number.NaN;
    this.lastSeq = 0;
    this.lastControl = -1;
    this.lastSentMs = Number.NEGATIVE_INFINITY;
    this.lastSentTick = Number.NEGATIVE_INFINITY;
  }
}
