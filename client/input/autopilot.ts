import { BotBrain } from '../../bots/bot-brain';
import type { GameSession } from '../net/game-session';

/**
 * Demo mode (`?autopilot=1`): the same steering the bots use rides this browser's scooter,
 * through the normal input path (prediction, lag simulation and all). For a projector left
 * running during a lesson, and for tests that need a real browser player to deliver.
 */
export class Autopilot {
  private brain: BotBrain | null = null;
  private brainCity: unknown = null;

  constructor(private readonly session: GameSession) {}

  buttons(): number {
    const { city, params, state } = this.session;
    const self = this.session.selfId;
    if (city === null || params === null || state === null || self < 0 || !state.active[self]) return 0;
    if (this.brain === null || this.brainCity !== city) {
      this.brain = new BotBrain(city, params, self);
      this.brainCity = city;
    }
    return this.brain.decide(state, self);
  }
}
