import type { Socket } from 'socket.io';
import type { PlayerLink } from '../seats/player-link';
import type { Seat } from '../seats/seat';
import type { SocketLink } from './socket-link';
import { TokenBucket } from './token-bucket';

/**
 * Control messages (join, leave, resync) a socket may send per second, and in a burst. A real
 * client sends a handful per session (a join, TRY_AGAIN retries at 2/s, a resync every few
 * seconds); without a limit one socket flooding leave-with-ack cut everyone's snapshot rate
 * on the node from 30/s to 6/s (issue #8, reliability/fuzz).
 */
export const CONTROL_MESSAGES_PER_SECOND_MAX = 10;
const CONTROL_MESSAGES_BURST = 20;

/** What the server keeps per connection, from the handshake to the disconnect. */
export class ClientState {
  /** The seat this connection holds (here or, through the cluster, on the room's owner). */
  seat: Seat | null = null;
  /** A join or resume is under way (at most one at a time). */
  joining = false;
  /** The room this connection watches without a seat (a spectator, issue 14), or null. */
  watching: string | null = null;
  strikes = 0;
  lastStrikeMs = 0;
  lastResyncMs = Number.NEGATIVE_INFINITY;
  /** Binary messages (inputs, pings, pongs). */
  readonly binaryBucket: TokenBucket;
  /** Control messages (join / leave / resync), limited apart from binary ones. */
  readonly controlBucket: TokenBucket;
  /** Set once by the gateway: handles one binary message now (after any impairment delay). */
  handleBinary: (bytes: Uint8Array) => void = () => undefined;

  constructor(
    readonly socket: Socket,
    readonly link: SocketLink,
    binaryPerSecondMax: number,
    nowMs: number,
  ) {
    this.binaryBucket = new TokenBucket(binaryPerSecondMax, binaryPerSecondMax, nowMs);
    this.controlBucket = new TokenBucket(CONTROL_MESSAGES_PER_SECOND_MAX, CONTROL_MESSAGES_BURST, nowMs);
  }

  /** The link messages to this player take: the seat's (maybe impaired) or the bare one. */
  get currentLink(): PlayerLink {
    return this.seat?.link ?? this.link;
  }
}
