import type { Conditions } from '../../shared/protocol/control-messages';
import { sessionIdOf } from '../security/session-id';
import type { PlayerLink } from './player-link';

/**
 * One player's place in a room: the room slot, the resume token, the node that owns (ticks) the
 * room, the node whose socket carries the player, and that socket's link when it is on this
 * node. A seat outlives its connection (a dropped player keeps it for the resume grace) and
 * the teacher's network conditions stay with it across a resume (issue #12).
 */
export class Seat {
  /** The player's connection on this node (null: dropped, or on another node). */
  link: PlayerLink | null = null;
  /** Round-trip time the carrying node measured with its own pings (NaN before the first). */
  rttMs = Number.NaN;
  /** Teacher-made latency, jitter and loss on this player's connection (null: none). */
  conditions: Conditions | null = null;
  /** Highest input seq this node relayed to a remote owner: sequence numbers only move forward. */
  lastRelayedSeq = 0;
  /**
   * The processes behind `owner` and `via` (node-identity.ts): a node restarted under the same
   * id is another process, which neither holds this seat's room nor carries its socket.
   */
  ownerIncarnation = '';
  viaIncarnation = '';

  /**
   * The resume token, when this node knows it: it made the seat, or the player presented it.
   * A seat restored from a save knows only its session id until its player comes back.
   */
  token: string;
  /** The hash of the token (server/security/session-id.ts): what saves and messages carry. */
  readonly sessionId: string;

  constructor(
    readonly code: string,
    readonly slot: number,
    /** The resume token, or '' with `knownSessionId` for a seat restored from a save. */
    token: string,
    /** Node that owns the room. */
    public owner: string,
    /** Node whose socket carries the player ('' while nobody is connected anywhere). */
    public via: string,
    knownSessionId?: string,
  ) {
    this.token = token;
    this.sessionId = knownSessionId ?? sessionIdOf(token);
  }
}
