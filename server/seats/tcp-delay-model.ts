import type { Conditions } from '../../shared/protocol/control-messages';

/**
 * One direction of a connection with teacher-made network conditions. WebSocket runs on TCP,
 * so a lost packet is never a missing message: it is retransmitted, arriving late, and every
 * message behind it waits (head-of-line blocking). That is what this models: each message is
 * delayed by latency ± jitter, a "lost" one by a retransmission more, and no message
 * is released before the one sent ahead of it.
 */
export class TcpDelayModel {
  private lastReleaseMs = 0;

  constructor(
    public conditions: Conditions,
    private readonly random: () => number = Math.random,
  ) {}

  /** Milliseconds to hold the next message sent at `nowMs`. */
  delayFor(nowMs: number): number {
    const { latencyMs, jitterMs, lossPct } = this.conditions;
    let releaseMs = nowMs + latencyMs + (jitterMs > 0 ? (this.random() * 2 - 1) * jitterMs : 0);
    // A lost segment of a busy stream is resent after about one round trip (fast retransmit on
    // three duplicate ACKs, RFC 5681 section 3.2), and never sooner than Linux's 200 ms minimum
    // retransmission timeout. A game's 30 messages a second keep the stream busy.
    if (lossPct > 0 && this.random() * 100 < lossPct) releaseMs += Math.max(200, 2 * latencyMs);
    if (releaseMs < this.lastReleaseMs) releaseMs = this.lastReleaseMs;
    this.lastReleaseMs = releaseMs;
    return Math.max(0, releaseMs - nowMs);
  }
}

export function isClear(conditions: Conditions | null): boolean {
  return conditions === null || (conditions.latencyMs === 0 && conditions.jitterMs === 0 && conditions.lossPct === 0);
}
