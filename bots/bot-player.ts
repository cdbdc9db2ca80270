import type { City } from '../shared/sim/city';
import { movementParamsFor } from '../shared/sim/world';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { GameConnection, type GameConnectionOptions } from '../client/net/game-connection';
import { InputLoop } from '../client/net/input-loop';
import { BotBrain } from './bot-brain';
import { sharedBotTicker, type BotTicker, type Tickable } from './bot-ticker';
import { cityForSeed } from './city-cache';
import type { LatencyHistogram } from './latency-histogram';

/** Where a crowd of bots pools its samples instead of keeping arrays per bot (load-runner.ts). */
export interface BotLatencySinks {
  echo: LatencyHistogram;
  rtt: LatencyHistogram;
}

export interface BotPlayerOptions extends GameConnectionOptions {
  name: string;
  /** Varies bots' choices a little so a crowd does not move as one. */
  quirk?: number;
  /** Record echo and RTT samples here; without it they go to `echoMs` / `rttSamplesMs`. */
  latency?: BotLatencySinks;
  /**
   * null: inputs when the buttons change plus keep-alives, as the browser sends them (the
   * default); a number: that many inputs a second whatever changed (30 = protocol 1's load).
   */
  inputRateHz?: number | null;
  /** Predict the own scooter as the browser does and count corrections. @default false */
  predict?: boolean;
  /**
   * 'tank': the buttons, as bots always rode (the load figures are measured with it); 'point':
   * point to steer, as the browser's keys and stick do by default (protocol version 3).
   * @default 'tank'
   */
  steering?: 'tank' | 'point';
}

/** Echo timings are kept per input seq in a ring this long (inputs outstanding at once). */
const ECHO_RING = 256;

/**
 * A headless player: a GameConnection driven by a BotBrain, sending inputs the way the browser
 * does (client/net's tick clock and input pump: stamped with their tick, sent when they change)
 * and recording what a load test wants to know (RTT, snapshots, bytes, input->echo latency,
 * and with `predict` the corrections a player would see). The pump is woken once per tick by
 * one process-wide ticker (bot-ticker.ts), not a timer per bot.
 */
export class BotPlayer implements Tickable {
  readonly connection: GameConnection;
  city: City | null = null;
  private brain: BotBrain | null = null;
  private ticker: BotTicker | null = null;
  private readonly sentAtMs = new Float64Array(ECHO_RING);
  private readonly sentSeq = new Uint32Array(ECHO_RING);
  private lastEchoedSeq = 0;
  /** Input -> own-snapshot latencies (ms), and RTT samples (ms), when no `latency` sinks are given. */
  readonly echoMs: number[] = [];
  readonly rttSamplesMs: number[] = [];
  inputsSent = 0;
  /** Tick clock, input pump and (with `predict`) the predicted own scooter, as in the browser. */
  inputs: InputLoop | null = null;
  /** Corrections counted on connections before the current one (see correctionStats). */
  private pastCorrections = 0;
  private pastMaxCorrectionTiles = 0;
  private readonly nowMs: () => number;
  /** The loop sends through here, so each input's send time is kept for the echo. */
  private readonly sender = {
    continueSeqAfter: (ackSeq: number): void => this.connection.continueSeqAfter(ackSeq),
    // A control word: buttons (tank steering) or a steer target (point), as the brain decided.
    sendInput: (tick: number, control: number): number => {
      const seq = this.connection.sendInput(tick, control);
      const at = seq % ECHO_RING;
      this.sentSeq[at] = seq;
      this.sentAtMs[at] = this.nowMs();
      this.inputsSent++;
      return seq;
    },
  };
  private readonly decide = (): number => {
    const decoder = this.connection.decoder;
    if (decoder === null || this.brain === null) return 0;
    const self = this.connection.playerId;
    return this.options.steering === 'point' ? this.brain.decidePoint(decoder.state, self) : this.brain.decide(decoder.state, self);
  };

  constructor(private readonly options: BotPlayerOptions) {
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.connection = new GameConnection(options);
    this.connection.on('welcome', (welcome) => this.onWelcome(welcome));
    this.connection.on('snapshot', () => this.onSnapshot());
    const sinks = options.latency;
    this.connection.on('pong', (rtt) => {
      this.inputs?.onRtt(rtt);
      if (sinks) sinks.rtt.record(rtt);
      else this.rttSamplesMs.push(rtt);
    });
    this.connection.on('connectionLost', () => this.stopInputs());
  }

  async join(code: string): Promise<WelcomeMessage> {
    return this.connection.join(code, this.options.name);
  }

  get playerId(): number {
    return this.connection.playerId;
  }

  stop(): void {
    this.stopInputs();
    this.connection.close();
  }

  /** Leaves the room on purpose (the seat is freed at once, no grace period) and closes. */
  leave(): void {
    this.stopInputs();
    this.connection.leave();
  }

  /** Once per tick, from the shared ticker: the pump commits the next tick's buttons if due. */
  onInputTick(): void {
    const decoder = this.connection.decoder;
    const self = this.connection.playerId;
    if (decoder === null || this.inputs === null || self < 0 || !decoder.state.active[self]) return;
    this.inputs.pumpAt(this.nowMs(), this.decide);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (this.city === null || this.brain === null) {
      this.city = cityForSeed(welcome.seed);
      this.brain = new BotBrain(this.city, movementParamsFor(welcome.tickRateHz), this.options.quirk ?? 0);
    }
    this.stopInputs();
    // A welcome (also a resume, maybe on another node) starts the tick timeline afresh.
    this.takeCorrections();
    this.inputs = new InputLoop(welcome.tickRateHz, this.city, movementParamsFor(welcome.tickRateHz), this.sender, {
      fixedRateHz: this.options.inputRateHz ?? null,
      predict: this.options.predict ?? false,
    });
    this.ticker = sharedBotTicker(welcome.tickRateHz);
    this.ticker.add(this);
  }

  private onSnapshot(): void {
    const decoder = this.connection.decoder;
    const self = this.connection.playerId;
    if (decoder === null || self < 0) return;
    const state = decoder.state;
    const now = this.nowMs();
    this.inputs?.onSnapshot(state, self, now);
    if (!state.active[self]) return;
    const acked = state.ackSeq[self];
    if (acked > this.lastEchoedSeq) {
      const at = acked % ECHO_RING;
      if (this.sentSeq[at] === acked) {
        const echoMs = now - this.sentAtMs[at];
        if (this.options.latency) this.options.latency.echo.record(echoMs);
        else this.echoMs.push(echoMs);
      }
      this.lastEchoedSeq = acked;
    }
  }

  /**
   * Prediction corrections so far (over every connection of this bot), and the largest since
   * the last resetCorrectionMax.
   */
  correctionStats(): { corrections: number; maxCorrectionTiles: number } {
    const predictor = this.inputs?.predicting ? this.inputs.predictor : null;
    return {
      corrections: this.pastCorrections + (predictor?.corrections ?? 0),
      maxCorrectionTiles: Math.max(this.pastMaxCorrectionTiles, predictor?.maxCorrectionTiles ?? 0),
    };
  }

  resetCorrectionMax(): void {
    this.pastMaxCorrectionTiles = 0;
    if (this.inputs !== null) this.inputs.predictor.maxCorrectionTiles = 0;
  }

  /** Folds the current loop's counts into the bot's before the loop is replaced. */
  private takeCorrections(): void {
    const stats = this.correctionStats();
    this.pastCorrections = stats.corrections;
    this.pastMaxCorrectionTiles = stats.maxCorrectionTiles;
  }

  private stopInputs(): void {
    this.ticker?.remove(this);
    this.ticker = null;
  }
}
