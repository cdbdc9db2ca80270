import type { City } from '../shared/sim/city';
import { movementParamsFor } from '../shared/sim/world';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { GameConnection, type GameConnectionOptions } from '../client/net/game-connection';
import { InputPump } from '../client/net/input-pump';
import { Predictor } from '../client/net/prediction';
import { TickClock } from '../client/net/tick-clock';
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
  /** With `predict`: the own scooter as the browser would show it; corrections counted there. */
  predictor: Predictor | null = null;
  private clock: TickClock | null = null;
  private pump: InputPump | null = null;
  private lastAckSeq = -1;
  private readonly nowMs: () => number;
  private readonly auth = { px: 0, py: 0, heading: 0, speed: 0, ackSeq: 0, tick: 0 };
  /** The pump sends through here, so each input's send time is kept for the echo. */
  private readonly sender = {
    sendInput: (tick: number, buttons: number): number => {
      const seq = this.connection.sendInput(tick, buttons);
      const at = seq % ECHO_RING;
      this.sentSeq[at] = seq;
      this.sentAtMs[at] = this.nowMs();
      this.inputsSent++;
      return seq;
    },
  };
  private readonly decide = (): number => {
    const decoder = this.connection.decoder;
    return decoder === null || this.brain === null ? 0 : this.brain.decide(decoder.state, this.connection.playerId);
  };

  constructor(private readonly options: BotPlayerOptions) {
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.connection = new GameConnection(options);
    this.connection.on('welcome', (welcome) => this.onWelcome(welcome));
    this.connection.on('snapshot', () => this.onSnapshot());
    const sinks = options.latency;
    this.connection.on('pong', (rtt) => {
      this.clock?.observeRtt(rtt);
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
    if (decoder === null || this.pump === null || self < 0 || !decoder.state.active[self] || this.lastAckSeq < 0) return;
    this.pump.pump(this.nowMs(), this.predictor, this.decide);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (this.city === null || this.brain === null) {
      this.city = cityForSeed(welcome.seed);
      this.brain = new BotBrain(this.city, movementParamsFor(welcome.tickRateHz), this.options.quirk ?? 0);
    }
    this.stopInputs();
    // A welcome (also a resume, maybe on another node) starts the tick timeline afresh.
    const tickMs = 1000 / welcome.tickRateHz;
    this.clock = new TickClock(tickMs);
    this.pump = new InputPump(welcome.tickRateHz, this.sender, this.clock, { fixedRateHz: this.options.inputRateHz ?? null });
    if (this.options.predict && this.city !== null) {
      const corrections = this.predictor?.corrections ?? 0;
      const max = this.predictor?.maxCorrectionTiles ?? 0;
      this.predictor = new Predictor(this.city, movementParamsFor(welcome.tickRateHz));
      // Counts run over the bot's life, not per connection.
      this.predictor.corrections = corrections;
      this.predictor.maxCorrectionTiles = max;
    }
    this.lastAckSeq = -1;
    this.ticker = sharedBotTicker(welcome.tickRateHz);
    this.ticker.add(this);
  }

  private onSnapshot(): void {
    const decoder = this.connection.decoder;
    const self = this.connection.playerId;
    if (decoder === null || self < 0) return;
    const state = decoder.state;
    const now = this.nowMs();
    this.clock?.observeSnapshot(state.tick, now);
    if (!state.active[self]) return;
    const acked = state.ackSeq[self];
    if (this.lastAckSeq < 0) {
      // Inputs continue after what the server last applied (a resume numbers on from there).
      this.connection.continueSeqAfter(acked);
    } else if (acked !== this.lastAckSeq) {
      this.clock?.observeLate(state.ackLate[self], now);
    }
    this.lastAckSeq = acked;
    const predictor = this.predictor;
    if (predictor !== null) {
      const auth = this.auth;
      auth.px = state.px[self];
      auth.py = state.py[self];
      auth.heading = state.heading[self];
      auth.speed = state.speed[self];
      auth.ackSeq = acked;
      auth.tick = state.tick;
      predictor.reconcile(auth);
    }
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

  private stopInputs(): void {
    this.ticker?.remove(this);
    this.ticker = null;
  }
}
