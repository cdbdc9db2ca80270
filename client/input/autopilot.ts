import { BotBrain } from '../../bots/bot-brain';
import type { GameSession } from '../net/game-session';

/** What the brain reads (a BotView), with the replica's arrays and the own scooter predicted. */
interface SteeringView {
  tick: number;
  phase: number;
  px: Int32Array;
  py: Int32Array;
  heading: Int32Array;
  speed: Int32Array;
  carrying: Uint8Array;
  orderExpireTick: Int32Array;
}

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
  private view: SteeringView | null = null;

  constructor(private readonly session: GameSession) {}

  buttons(): number {
    const { city, params, state, predictor } = this.session;
    const self = this.session.selfId;
    if (city === null || params === null || state === null || self < 0 || !state.active[self]) return 0;
    if (this.brain === null || this.brainCity !== city) {
      this.brain = new BotBrain(city, params, self);
      this.brainCity = city;
    }
    const view = this.viewFor(state.px.length);
    view.tick = state.tick;
    view.phase = state.phase;
    view.carrying = state.carrying;
    view.orderExpireTick = state.orderExpireTick;
    view.px.set(state.px);
    view.py.set(state.py);
    view.heading.set(state.heading);
    view.speed.set(state.speed);
    if (this.session.predictionEnabled && predictor !== null && predictor.initialized) {
      view.px[self] = predictor.state.px;
      view.py[self] = predictor.state.py;
      view.heading[self] = predictor.state.heading;
      view.speed[self] = predictor.state.speed;
    }
    return this.brain.decide(view, self);
  }

  private viewFor(slots: number): SteeringView {
    if (this.view === null || this.view.px.length !== slots) {
      this.view = {
        tick: 0,
        phase: 0,
        carrying: new Uint8Array(slots),
        orderExpireTick: new Int32Array(0),
        px: new Int32Array(slots),
        py: new Int32Array(slots),
        heading: new Int32Array(slots),
        speed: new Int32Array(slots),
      };
    }
    return this.view;
  }
}
