import type { City } from '../shared/sim/city';
import { movementParamsFor } from '../shared/sim/world';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { GameConnection, type GameConnectionOptions } from '../client/net/game-connection';
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
  /** Inputs per second, sent at a fixed rate. @default the server's tick rate (from the welcome) */
  inputRateHz?: number;
}

/** Echo timings are kept per input seq in a ring this long (inputs outstanding at once). */
const ECHO_RING = 256;

/**
 * A headless player: a GameConnection driven by a BotBrain at the server's tick rate, recording
 * what a load test wants to know (RTT, snapshots, bytes, input->echo latency). Inputs come
 * from one process-wide ticker (bot-ticker.ts), not a timer per bot.
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
  private readonly nowMs: () => number;

  constructor(private readonly options: BotPlayerOptions) {
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.connection = new GameConnection(options);
    this.connection.on('welcome', (welcome) => this.onWelcome(welcome));
    this.connection.on('snapshot', () => this.onSnapshot());
    const sinks = options.latency;
    this.connection.on('pong', sinks ? (rtt) => sinks.rtt.record(rtt) : (rtt) => this.rttSamplesMs.push(rtt));
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

  /** One input per tick, from the shared ticker. */
  onInputTick(): void {
    const decoder = this.connection.decoder;
    const brain = this.brain;
    const self = this.connection.playerId;
    if (decoder === null || brain === null || self < 0 || !decoder.state.active[self]) return;
    const buttons = brain.decide(decoder.state, self);
    const seq = this.connection.sendInput(buttons);
    const at = seq % ECHO_RING;
    this.sentSeq[at] = seq;
    this.sentAtMs[at] = this.nowMs();
    this.inputsSent++;
  }

  private onWelcome(welcome: WelcomeMessage): void {
    if (this.city === null || this.brain === null) {
      this.city = cityForSeed(welcome.seed);
      this.brain = new BotBrain(this.city, movementParamsFor(welcome.tickRateHz), this.options.quirk ?? 0);
    }
    this.stopInputs();
    this.ticker = sharedBotTicker(this.options.inputRateHz ?? welcome.tickRateHz);
    this.ticker.add(this);
  }

  private onSnapshot(): void {
    const decoder = this.connection.decoder;
    const self = this.connection.playerId;
    if (decoder === null || self < 0) return;
    const acked = decoder.state.ackSeq[self];
    if (acked > this.lastEchoedSeq) {
      const at = acked % ECHO_RING;
      if (this.sentSeq[at] === acked) {
        const echoMs = this.nowMs() - this.sentAtMs[at];
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
