/**
 * What a GameSession shows its user and asks of it: the session's status, the events it
 * emits (SessionEvents), and the InputSource it samples for the player's control each tick.
 */
import type { WelcomeMessage } from '../../shared/protocol/control-messages';

export type SessionStatus = 'idle' | 'joining' | 'playing' | 'reconnecting' | 'ended';

export type SessionEvents = {
  status: [SessionStatus];
  /** A join/resume was refused, a session expired, or the version does not match. */
  failure: [code: string, message: string];
  welcome: [WelcomeMessage];
};

export interface InputSource {
  /**
   * What the player holds right now as a control word (shared/sim/steering.ts): Button bits,
   * or a point-to-steer target and throttle. The own heading is for stick modes that steer
   * relative to the scooter.
   */
  control(ownHeadingSteps: number): number;
}
