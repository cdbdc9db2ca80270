/**
 * What a GameConnection tells its user: the typed events it emits (ConnectionEvents) and the
 * error a refused join or resume rejects with (JoinRefusedError, carrying the server's code).
 */
import type {
  Conditions,
  ErrorMessage,
  RosterMessage,
  WelcomeMessage,
} from '../../shared/protocol/control-messages';

export type ConnectionEvents = {
  welcome: [WelcomeMessage];
  /** A snapshot (delta or keyframe) was applied to `decoder.state`. */
  snapshot: [keyframe: boolean];
  roster: [RosterMessage];
  error: [ErrorMessage];
  connectionLost: [reason: string];
  reconnecting: [attempt: number];
  resumed: [WelcomeMessage];
  shutdown: [message: string];
  /** The teacher changed the network conditions on this connection (null: cleared). */
  conditions: [Conditions | null];
  pong: [rttMs: number];
};

export class JoinRefusedError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'JoinRefusedError';
  }
}
