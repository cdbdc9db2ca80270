import { BotPlayer } from '../../bots/bot-player';
import type { WireParserKind } from '../../shared/protocol/wire-parser-kind';

/**
 * One well-behaved bot and what it saw: snapshot timing (gaps, rate), its own score (which
 * may only go down when a new round starts), its slot (a resume must give the same one back),
 * decode errors and the errors the server sent it.
 */
export class PlayerWatch {
  readonly bot: BotPlayer;
  snapshots = 0;
  /** Longest time between two snapshots after the first (ms). */
  maxGapMs = 0;
  lastSnapshotMs = Number.NaN;
  /** The first slot the server gave; -1 before the welcome. */
  firstPlayerId = -1;
  /** A welcome that gave another slot than the first (a duplicate seat, or a lost session). */
  slotChanges = 0;
  /** Highest own score seen in the current round, and the round it belongs to. */
  maxScore = 0;
  private round = -1;
  /** "round r: score a after b" for every time the own score went down within a round. */
  readonly scoreDrops: string[] = [];
  readonly serverErrors: string[] = [];
  welcomes = 0;
  private gapFrom = Number.NaN;

  constructor(url: string, name: string, quirk: number, wireParser: WireParserKind = 'custom') {
    this.bot = new BotPlayer({ url, name, quirk, wireParser, reconnect: true });
    const c = this.bot.connection;
    c.on('welcome', (welcome) => {
      this.welcomes++;
      if (this.firstPlayerId < 0) this.firstPlayerId = welcome.playerId;
      else if (welcome.playerId !== this.firstPlayerId) this.slotChanges++;
    });
    c.on('error', (error) => this.serverErrors.push(error.code));
    c.on('snapshot', () => this.onSnapshot());
  }

  get name(): string {
    return this.bot.connection.welcome?.players.find((p) => p.id === this.bot.playerId)?.name ?? '';
  }

  /** Gaps are measured from now on (e.g. after a planned fault, or after warm-up). */
  resetGaps(): void {
    this.maxGapMs = 0;
    this.gapFrom = performance.now();
  }

  /** Seated, connected and receiving a synced stream. */
  get healthy(): boolean {
    const c = this.bot.connection;
    return c.connected && c.playerId >= 0 && c.decoder?.synced === true;
  }

  private onSnapshot(): void {
    const now = performance.now();
    // A gap runs from the later of the last snapshot and the last resetGaps().
    const from = Math.max(orMinusInfinity(this.lastSnapshotMs), orMinusInfinity(this.gapFrom));
    if (Number.isFinite(from)) this.maxGapMs = Math.max(this.maxGapMs, now - from);
    this.lastSnapshotMs = now;
    this.snapshots++;
    const c = this.bot.connection;
    const state = c.decoder?.state;
    const self = c.playerId;
    if (state === undefined || self < 0 || !state.active[self]) return;
    const score = state.score[self];
    if (state.round > this.round) {
      // A new round starts everyone from zero: that is the one allowed reset.
      this.round = state.round;
      this.maxScore = score;
      return;
    }
    if (state.round < this.round) {
      this.scoreDrops.push(`round went back from ${this.round} to ${state.round}`);
      this.round = state.round;
      this.maxScore = score;
      return;
    }
    if (score < this.maxScore) this.scoreDrops.push(`round ${state.round}: ${score} after ${this.maxScore}`);
    // Recorded once per drop: the lower score is the new reference.
    this.maxScore = score;
  }
}

function orMinusInfinity(value: number): number {
  return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
}
