import type { ReplicaState } from '../../shared/protocol/replica-state';
import type { City } from '../../shared/sim/city';
import type { MovementParams } from '../../shared/sim/world';
import { InputPump, type InputPumpOptions, type InputSender } from './input-pump';
import { Predictor } from './prediction';
import { TickClock } from './tick-clock';

/** Where inputs go: GameConnection, or a wrapper that also times them (bots). */
export interface InputConnection extends InputSender {
  /** Numbers the next inputs after what the server last applied (a resume continues there). */
  continueSeqAfter(ackSeq: number): void;
}

export interface InputLoopOptions extends InputPumpOptions {
  /** Predict the own scooter (it can be switched later). @default true */
  predict?: boolean;
}

/**
 * The own scooter's side of the netcode, one per welcome, shared by the browser session and
 * the bots so both send and predict exactly alike (issue 11 §3): the tick clock (fed by pongs
 * and snapshot arrivals), the input pump, and the predictor reconciled on every snapshot.
 *
 *   pong ------------> clock.observeRtt
 *   snapshot --------> clock.observeSnapshot, late report -> clock, predictor.reconcile
 *   every few ms ----> pump: commit the next tick's control (send it if it changed)
 */
export class InputLoop {
  readonly clock: TickClock;
  readonly pump: InputPump;
  readonly predictor: Predictor;
  predicting: boolean;
  /** Becomes true with the first snapshot that shows our slot: inputs may go from then on. */
  ready = false;
  private lastAckSeq = -1;
  private readonly auth = { px: 0, py: 0, heading: 0, speed: 0, ackSeq: 0, tick: 0 };

  constructor(
    tickRateHz: number,
    city: City,
    params: MovementParams,
    private readonly connection: InputConnection,
    options: InputLoopOptions = {},
  ) {
    this.clock = new TickClock(1000 / tickRateHz);
    this.pump = new InputPump(tickRateHz, connection, this.clock, options);
    this.predictor = new Predictor(city, params);
    this.predicting = options.predict ?? true;
  }

  onRtt(rttMs: number): void {
    this.clock.observeRtt(rttMs);
  }

  /** A snapshot was applied to `state` at nowMs; `self` is our slot. */
  onSnapshot(state: ReplicaState, self: number, nowMs: number): void {
    this.clock.observeSnapshot(state.tick, nowMs);
    if (self < 0 || state.active[self] === 0) return;
    const acked = state.ackSeq[self];
    if (!this.ready) {
      this.connection.continueSeqAfter(acked);
      this.ready = true;
    } else if (acked !== this.lastAckSeq) {
      // A newly applied input: if it came late, the clock keeps more margin a while.
      this.clock.observeLate(state.ackLate[self], nowMs);
    }
    this.lastAckSeq = acked;
    if (!this.predicting) return;
    const auth = this.auth;
    auth.px = state.px[self];
    auth.py = state.py[self];
    auth.heading = state.heading[self];
    auth.speed = state.speed[self];
    auth.ackSeq = acked;
    auth.tick = state.tick;
    this.predictor.reconcile(auth);
  }

  /** Commits the next tick's control (buttons or steer target) if one is due (see InputPump.pump); the tick or -1. */
  pumpAt(nowMs: number, sample: () => number): number {
    if (!this.ready) return -1;
    return this.pump.pump(nowMs, this.predicting ? this.predictor : null, sample);
  }

  /**
   * Switching prediction back on restarts it from the next snapshot, holding the control of
   * the last input sent until the next one.
   */
  setPrediction(on: boolean): void {
    this.predicting = on;
    this.predictor.reset();
    const pump = this.pump;
    if (on) this.predictor.seed(pump.lastSeq, pump.lastSentTick, pump.lastControl);
  }

  /** How far (0..1) to blend the predictor's previous state toward its current one at nowMs. */
  blend(nowMs: number): number {
    return this.pump.blend(nowMs, this.predictor.tick);
  }
}
