import type { WelcomeMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { ReplicaState } from '../../shared/protocol/replica-state';
import { generateCity, type City } from '../../shared/sim/city';
import { movementParamsFor, type MovementParams } from '../../shared/sim/world';
import { GameConnection, type GameConnectionOptions } from './game-connection';
import { InputLoop } from './input-loop';
import { sampleInterpolated, sampleLatest, type SampleResult } from './interpolation';
import { LagSimulator } from './lag-simulator';
import { Listeners } from './listeners';
import type { Predictor } from './prediction';
import { RateMeter } from './rate-meter';
import { ServerClock } from './server-clock';
import { SnapshotBuffer } from './snapshot-buffer';
import { createRenderView, placeOwnScooter, type RenderView } from './render-view';

/** Other players are drawn this many snapshot intervals in the past (issue #4, design.md). */
export const INTERPOLATION_INTERVALS = 2;
/** A late snapshot is made up for by extrapolating at most this many snapshot intervals. */
export const MAX_EXTRAPOLATION_INTERVALS = 1;
/** How often the input pump checks the tick clock; the clock decides when a tick is due. */
const PUMP_INTERVAL_MS = 4;
/** Delay before reconnecting after the server itself closed us (a restart needs a moment). */
const SERVER_CLOSE_RECONNECT_MS = 300;

export type SessionStatus = 'idle' | 'joining' | 'playing' | 'reconnecting' | 'ended';

export type SessionEvents = {
  status: [SessionStatus];
  /** A join/resume was refused, a session expired, or the version does not match. */
  failure: [code: string, message: string];
  welcome: [WelcomeMessage];
};

export { headingToRadians, type RenderView } from './render-view';

export interface InputSource {
  /**
   * What the player holds right now as a control word (shared/sim/steering.ts): Button bits,
   * or a point-to-steer target and throttle. The own heading is for stick modes that steer
   * relative to the scooter.
   */
  control(ownHeadingSteps: number): number;
}

/**
 * The browser's game session: one GameConnection plus the netcode around it — the tick clock
 * and the input pump (inputs stamped with their tick, sent when they change), prediction of
 * the own scooter, a snapshot buffer and interpolation for everyone else, and the lag
 * simulator. Scenes read `view` and `state` and never see the socket.
 */
export class GameSession extends Listeners<SessionEvents> {
  readonly connection: GameConnection;
  readonly lag = new LagSimulator();
  status: SessionStatus = 'idle';
  reconnectAttempt = 0;
  predictionEnabled = true;
  interpolationEnabled = true;

  city: City | null = null;
  params: MovementParams | null = null;
  /** Tick clock, input pump and prediction of the own scooter (client/net/input-loop.ts). */
  inputs: InputLoop | null = null;
  buffer: SnapshotBuffer | null = null;
  /** The server's timeline for interpolating the others (sees only unwithheld snapshots). */
  clock: ServerClock | null = null;
  view: RenderView | null = null;
  /** Ticks per snapshot, from the welcome. */
  ticksPerSnapshot = 1;
  tickMs = 1000 / 30;

  readonly snapshotRate = new RateMeter();
  readonly tickRate = new RateMeter();
  readonly bytesInRate = new RateMeter();
  readonly bytesOutRate = new RateMeter();
  readonly sample: SampleResult = { extrapolatedTicks: 0 };
  inputsSent = 0;
  /** Display names by slot, from the welcome and roster messages (plain text). */
  readonly names: string[] = [];

  private pumpTimer: ReturnType<typeof setInterval> | null = null;
  private lastTick = -1;
  private lastBytesIn = 0;
  private lastBytesOut = 0;
  private lastFrameMs = Number.NaN;
  private welcomeSeed = Number.NaN;
  private readonly pumpHandler = (): void => this.onPump();
  private readonly sampleControl = (): number => {
    const predictor = this.predictor;
    const state = this.state;
    const self = this.selfId;
    const heading = predictor !== null && predictor.initialized && this.predictionEnabled ? predictor.state.heading : state !== null && self >= 0 ? state.heading[self] : 0;
    return this.input.control(heading);
  };

  constructor(
    options: GameConnectionOptions,
    private readonly input: InputSource,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    super();
    this.connection = new GameConnection(options);
    this.connection.transit = this.lag;
    const c = this.connection;
    c.on('welcome', (w) => this.onWelcome(w));
    c.on('snapshot', () => this.onSnapshot());
    c.on('roster', (roster) => this.setNames(roster.players));
    c.on('pong', (rttMs) => this.inputs?.onRtt(rttMs));
    c.on('connectionLost', (reason) => this.onConnectionLost(reason));
    c.on('reconnecting', (attempt) => {
      this.reconnectAttempt = attempt;
      this.setStatus('reconnecting');
    });
    c.on('error', (e) => {
      // KICKED: the teacher removed this player; the connection no longer reconnects.
      if (e.code === ErrorCode.SESSION_EXPIRED || e.code === ErrorCode.VERSION_MISMATCH || e.code === ErrorCode.KICKED) {
        if (this.status === 'playing' || this.status === 'reconnecting') this.end();
        this.emit('failure', e.code, e.message);
      }
    });
  }

  get state(): ReplicaState | null {
    return this.connection.decoder?.state ?? null;
  }

  get selfId(): number {
    return this.connection.playerId;
  }

  nameOf(id: number): string {
    return this.names[id] ?? '';
  }

  async join(code: string, name: string): Promise<WelcomeMessage> {
    this.setStatus('joining');
    try {
      return await this.connection.join(code, name);
    } catch (error) {
      this.setStatus('idle');
      throw error;
    }
  }

  async resume(token: string): Promise<WelcomeMessage> {
    this.setStatus('joining');
    try {
      return await this.connection.resume(token);
    } catch (error) {
      this.setStatus('idle');
      throw error;
    }
  }

  /** Leaves the room for good. */
  leave(): void {
    this.connection.leave();
    this.end();
  }

  /** The predicted own scooter (null before the first welcome). */
  get predictor(): Predictor | null {
    return this.inputs?.predictor ?? null;
  }

  /** Switching prediction back on restarts it from the next snapshot. */
  setPrediction(on: boolean): void {
    this.predictionEnabled = on;
    this.inputs?.setPrediction(on);
  }

  /**
   * Computes where to draw everything for a display frame at nowMs (call once per frame).
   * Allocation-free: writes into `view`.
   */
  frame(nowMs: number): RenderView | null {
    const view = this.view;
    const state = this.state;
    const buffer = this.buffer;
    const clock = this.clock;
    if (view === null || state === null || buffer === null || clock === null || !this.connection.decoder?.synced) return null;
    const elapsed = Number.isNaN(this.lastFrameMs) ? 0 : nowMs - this.lastFrameMs;
    this.lastFrameMs = nowMs;
    this.rollMeters(nowMs);

    if (this.interpolationEnabled && clock.synced) {
      const renderTick = clock.tickAt(nowMs) - INTERPOLATION_INTERVALS * this.ticksPerSnapshot;
      sampleInterpolated(buffer, renderTick, MAX_EXTRAPOLATION_INTERVALS * this.ticksPerSnapshot, view.others, this.sample);
    } else {
      sampleLatest(buffer, view.others);
      this.sample.extrapolatedTicks = 0;
    }

    placeOwnScooter(view, state, this.selfId, this.inputs, nowMs, elapsed);
    return view;
  }

  /** Interpolation delay in ms as configured (0 when interpolation is off). */
  get interpolationDelayMs(): number {
    return this.interpolationEnabled ? INTERPOLATION_INTERVALS * this.ticksPerSnapshot * this.tickMs : 0;
  }

  private onWelcome(welcome: WelcomeMessage): void {
    this.tickMs = 1000 / welcome.tickRateHz;
    this.ticksPerSnapshot = Math.max(1, Math.round(welcome.tickRateHz / welcome.snapshotRateHz));
    if (this.city === null || this.welcomeSeed !== welcome.seed) {
      this.city = generateCity(welcome.seed);
      this.welcomeSeed = welcome.seed;
    }
    this.params = movementParamsFor(welcome.tickRateHz);
    // A fresh tick timeline per welcome: a resume may land on another node.
    this.inputs = new InputLoop(welcome.tickRateHz, this.city, this.params, this.connection, { predict: this.predictionEnabled });
    if (this.buffer === null || this.buffer.maxPlayers !== welcome.maxPlayers) {
      this.buffer = new SnapshotBuffer(welcome.maxPlayers);
      this.view = createRenderView(welcome.maxPlayers);
    }
    // A resumed session's ticks may have restarted (another node): start the timeline afresh.
    this.buffer.clear();
    this.clock = new ServerClock(this.tickMs);
    this.lastTick = -1;
    this.reconnectAttempt = 0;
    this.setNames(welcome.players);
    this.startPump();
    this.setStatus('playing');
    this.emit('welcome', welcome);
  }


  private onSnapshot(): void {
    const state = this.state;
    const self = this.selfId;
    if (state === null || self < 0) return;
    const now = this.nowMs();
    this.snapshotRate.add(1, now);
    if (this.lastTick >= 0 && state.tick > this.lastTick) this.tickRate.add(state.tick - this.lastTick, now);
    this.lastTick = state.tick;
    // Every arrival tells the tick clock where the server is and reconciles the prediction
    // (simulated loss only hides snapshots from the interpolation buffer; they did arrive).
    this.inputs?.onSnapshot(state, self, now);
    if (!this.lag.withholdSnapshot()) {
      this.buffer?.push(state, now);
      this.clock?.observe(state.tick, now);
    }
  }

  /** Every few ms: commits the next tick's input when the tick clock says it is due. */
  private onPump(): void {
    const state = this.state;
    const self = this.selfId;
    const inputs = this.inputs;
    if (inputs === null || !this.connection.connected || state === null || self < 0 || !state.active[self]) return;
    const sent = inputs.pump.inputsSent;
    inputs.pumpAt(this.nowMs(), this.sampleControl);
    this.inputsSent += inputs.pump.inputsSent - sent;
  }

  /** Prediction corrections this session: how many, and the largest, in tiles. */
  get corrections(): number {
    return this.predictor?.corrections ?? 0;
  }

  get maxCorrectionTiles(): number {
    return this.predictor?.maxCorrectionTiles ?? 0;
  }

  private onConnectionLost(reason: string): void {
    this.lag.reset();
    if (this.status === 'ended' || this.connection.welcome === null) return;
    this.setStatus('reconnecting');
    // socket.io does not reconnect by itself after the server closed the socket on purpose
    // (a restart sends 'io server disconnect'); we still hold a resume token, so try.
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (this.status === 'reconnecting' && !this.connection.connected) this.connection.socket.connect();
      }, SERVER_CLOSE_RECONNECT_MS);
    }
  }

  private startPump(): void {
    if (this.pumpTimer !== null) return;
    this.pumpTimer = setInterval(this.pumpHandler, PUMP_INTERVAL_MS);
  }

  private setNames(players: readonly { id: number; name: string }[]): void {
    this.names.length = 0;
    for (const p of players) this.names[p.id] = p.name;
  }

  private end(): void {
    if (this.pumpTimer !== null) clearInterval(this.pumpTimer);
    this.pumpTimer = null;
    this.setStatus('ended');
  }

  private rollMeters(nowMs: number): void {
    const c = this.connection;
    this.bytesInRate.add(c.bytesIn - this.lastBytesIn, nowMs);
    this.bytesOutRate.add(c.bytesOut - this.lastBytesOut, nowMs);
    this.lastBytesIn = c.bytesIn;
    this.lastBytesOut = c.bytesOut;
    this.snapshotRate.roll(nowMs);
    this.tickRate.roll(nowMs);
  }

  private setStatus(status: SessionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }
}
