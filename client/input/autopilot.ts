import { BotBrain } from '../../bots/bot-brain';
import type { GameSession } from '../net/game-session';
import { copyReplicaState, createReplicaState, type ReplicaState } from '../../shared/protocol/replica-state';
import { HEADING_STEPS, SPEED_SCALE } from '../../shared/sim/constants';
import { controlSteer, steerHeading, steerThrottle } from '../../shared/sim/steering';

/** What the autopilot reads of the game session: the city, the replica, the own seat and its prediction. */
export type AutopilotSource = Pick<GameSession, 'city' | 'params' | 'state' | 'predictor' | 'selfId' | 'predictionEnabled'>;

/** Heading quarter (0 = east, clockwise on screen) -> the arrow key's code. */
const ARROWS = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'] as const;
/**
 * How far (pixels) the scooter may ride between two of pointKey's decisions. The bots decide
 * every tick, at most 6 px apart at top speed, and take every corner. A caller that asks once
 * per display frame on a loaded machine (5 frames a second measured, 6-10 ticks apart) rides
 * 40-60 px blind at top speed and overshoots every turn into a one-tile road: it then rides up
 * and down past the turn for a minute. So keys let go while the speed would carry it further.
 */
const MAX_PIXELS_PER_DECISION = 10;

/**
 * Demo mode (`?autopilot=1`): the same steering the bots use rides this browser's scooter,
 * through the normal input path (prediction, lag simulation and all). For a projector left
 * running during a lesson, and for tests that need a real browser player to deliver.
 *
 * It steers from the *predicted* own scooter, as a person does from what the screen shows:
 * steering from the last snapshot would lag a round trip behind and overshoot every turn on
 * a slow link (a headless browser under load measured 700 ms).
 */
export class Autopilot {
  private brain: BotBrain | null = null;
  private brainCity: unknown = null;
  /** The replica with the own scooter replaced by its prediction: what the brain reads. */
  private view: ReplicaState | null = null;
  /** The tick of pointKey's last decision, and the ticks between its decisions (smoothed). */
  private lastKeyTick = -1;
  private ticksPerKey = 1;
  /** The tick `view` shows the own scooter at: the prediction's, or the last snapshot's. */
  private viewTick = 0;

  constructor(private readonly session: AutopilotSource) {}

  buttons(): number {
    const view = this.viewNow();
    return view === null || this.brain === null ? 0 : this.brain.decide(view, this.session.selfId);
  }

  /**
   * The arrow key (a KeyboardEvent.code) a player in point-to-steer would hold now to ride
   * where the brain goes, the nearest of four, as one rides a grid of roads; null: let go. For
   * tests that drive the page through its keyboard path without a round trip per decision
   * (window.roundtrip.autopilotKey: a decision from a state half a second old overshoots every
   * turn). Use one Autopilot for keys or for buttons, not both: the brain keeps its own state.
   */
  pointKey(): string | null {
    const view = this.viewNow();
    if (view === null || this.brain === null) return null;
    const self = this.session.selfId;
    const steer = controlSteer(this.brain.decidePoint(view, self));
    const elapsed = this.lastKeyTick < 0 ? 1 : this.viewTick - this.lastKeyTick;
    this.lastKeyTick = this.viewTick;
    if (elapsed > 0) this.ticksPerKey += (Math.min(elapsed, 30) - this.ticksPerKey) / 4;
    if (steerThrottle(steer) === 0) return null;
    // Coast while the next decision is too far away at this speed (speed is SPEED_SCALE per pixel a tick).
    if (view.speed[self] * this.ticksPerKey > MAX_PIXELS_PER_DECISION * SPEED_SCALE) return null;
    return ARROWS[Math.round((steerHeading(steer) * 4) / HEADING_STEPS) % 4];
  }

  /** The replica with the own scooter where the prediction draws it, or null before the game. */
  private viewNow(): ReplicaState | null {
    const { city, params, state, predictor } = this.session;
    const self = this.session.selfId;
    if (city === null || params === null || state === null || self < 0 || !state.active[self]) return null;
    if (this.brain === null || this.brainCity !== city) {
      this.brain = new BotBrain(city, params, self);
      this.brainCity = city;
    }
    if (this.view === null || this.view.maxPlayers !== state.maxPlayers || this.view.houseCount !== state.houseCount) {
      this.view = createReplicaState(state.maxPlayers, state.houseCount);
    }
    const view = this.view;
    copyReplicaState(state, view);
    this.viewTick = state.tick;
    if (this.session.predictionEnabled && predictor !== null && predictor.initialized) {
      view.px[self] = predictor.state.px;
      view.py[self] = predictor.state.py;
      view.heading[self] = predictor.state.heading;
      view.speed[self] = predictor.state.speed;
      this.viewTick = predictor.tick;
    }
    return view;
  }
}
