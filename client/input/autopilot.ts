import { BotBrain } from '../../bots/bot-brain';
import type { GameSession } from '../net/game-session';
import { copyReplicaState, createReplicaState, type ReplicaState } from '../../shared/protocol/replica-state';

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

  constructor(private readonly session: GameSession) {}

  buttons(): number {
    const { city, params, state, predictor } = this.session;
    const self = this.session.selfId;
    if (city === null || params === null || state === null || self < 0 || !state.active[self]) return 0;
    if (this.brain === null || this.brainCity !== city) {
      this.brain = new BotBrain(city, params, self);
      this.brainCity = city;
    }
    if (this.view === null || this.view.maxPlayers !== state.maxPlayers || this.view.houseCount !== state.houseCount) {
      this.view = createReplicaState(state.maxPlayers, state.houseCount);
    }
    const view = this.view;
    copyReplicaState(state, view);
    if (this.session.predictionEnabled && predictor !== null && predictor.initialized) {
      view.px[self] = predictor.state.px;
      view.py[self] = predictor.state.py;
      view.heading[self] = predictor.state.heading;
      view.speed[self] = predictor.state.speed;
    }
    return this.brain.decide(view, self);
  }
}
