import { createSampledPositions, type SampledPositions } from '../../shared/replay/position-history';
import type { Recording } from '../../shared/replay/recording';
import { KeyframeReason } from '../../shared/replay/replay-format';
import { Replayer } from '../../shared/replay/replayer';
import { generateCity, type City } from '../../shared/sim/city';
import { INTERPOLATION_INTERVALS } from '../net/game-session';
import { RecordedConditions } from './recorded-conditions';
import { LAGGING_RTT_MS, rankStandings, type StandingRow, type ViewSource } from './view-source';

export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
/** The student's lens draws others at most this far behind (a lag above it is off the chart). */
const MAX_LENS_DELAY_MS = 2500;

export type Lens = 'server' | 'student';

/** A mark on the timeline. */
export interface TimelineMark {
  tick: number;
  kind: 'delivery' | 'teacher' | 'restored';
  slot: number;
  points: number;
  action: string;
}

/**
 * A recording played back (issue 14): a playhead in fractional ticks that runs at 0.25x-4x,
 * drives a Replayer tick by tick (re-simulating with step), and samples its position history
 * between ticks so slow motion is smooth. Seeking starts over from the nearest keyframe. The
 * student's lens draws the others where that student's screen had them: a round trip plus the
 * interpolation delay behind their own scooter, with the RTT the server measured at the time.
 */
export class RecordedSource implements ViewSource {
  readonly city: City;
  readonly replayer: Replayer;
  readonly maxPlayers: number;
  readonly tickRateHz: number;
  readonly tickMs: number;
  /** The interpolation delay the room's clients drew others with (two snapshot intervals). */
  readonly interpolationDelayMs: number;
  readonly marks: TimelineMark[];
  playing = false;
  speed = 1;
  lens: Lens = 'server';
  followed = -1;
  /** The playhead, fractional ticks. */
  position: number;
  private lastNowMs = Number.NaN;
  private readonly self: SampledPositions;
  private readonly conditions: RecordedConditions;

  constructor(readonly recording: Recording) {
    const { config, ticksPerSnapshot } = recording.header;
    this.city = generateCity(config.seed);
    this.maxPlayers = config.maxPlayers;
    this.tickRateHz = config.tickRateHz;
    this.tickMs = 1000 / config.tickRateHz;
    this.interpolationDelayMs = INTERPOLATION_INTERVALS * ticksPerSnapshot * this.tickMs;
    const opened = Replayer.open(recording, { historyTicks: Math.ceil((MAX_LENS_DELAY_MS + 200) / this.tickMs) });
    if (!opened.ok) throw new Error(opened.message);
    this.replayer = opened.value;
    this.position = recording.startTick;
    this.self = createSampledPositions(this.maxPlayers);
    this.marks = marksOf(recording);
    this.conditions = new RecordedConditions(recording);
  }

  get startTick(): number {
    return this.recording.startTick;
  }

  get endTick(): number {
    return this.recording.endTick;
  }

  get ordersTick(): number {
    return this.replayer.world.tick;
  }

  get orderExpireTick(): Int32Array {
    return this.replayer.world.orderExpireTick;
  }

  get orderPlacedTick(): Int32Array {
    return this.replayer.world.orderPlacedTick;
  }

  nameOf(slot: number): string {
    return this.replayer.names[slot] ?? '';
  }

  connected(slot: number): boolean {
    return this.replayer.world.connected[slot] === 1;
  }

  /** Scores and RTTs at the playhead, as the server had them, and what the teacher imposed then. */
  standings(): StandingRow[] {
    const world = this.replayer.world;
    const rows: StandingRow[] = [];
    for (let slot = 0; slot < this.maxPlayers; slot++) {
      if (world.active[slot] !== 1) continue;
      const rtt = this.replayer.rttMs[slot];
      const imposed = this.conditions.textAt(world.tick, slot);
      rows.push({ slot, name: this.nameOf(slot), score: world.score[slot], connected: world.connected[slot] === 1, rttMs: rtt < 0 ? null : rtt, lagging: imposed !== '' || rtt > LAGGING_RTT_MS, imposed });
    }
    return rankStandings(rows);
  }

  play(): void {
    if (this.position >= this.endTick) this.seek(this.startTick);
    this.playing = true;
    this.lastNowMs = Number.NaN;
  }

  pause(): void {
    this.playing = false;
  }

  /** Jumps to `tick` (from the nearest keyframe, re-simulating forward). */
  seek(tick: number): void {
    const target = Math.max(this.startTick, Math.min(this.endTick, tick));
    this.replayer.seek(Math.ceil(target));
    this.position = target;
    this.lastNowMs = Number.NaN;
  }

  /** The RTT the server measured for a slot at the playhead (ms; 0 when unknown). */
  rttOf(slot: number): number {
    const rtt = this.replayer.rttMs[slot];
    return rtt < 0 ? 0 : rtt;
  }

  /** How far behind its own scooter a student saw the others at the playhead, ms. */
  lensDelayMs(slot: number): number {
    return Math.min(MAX_LENS_DELAY_MS, this.rttOf(slot) + this.interpolationDelayMs);
  }

  /** The student's lens for a slot: the delay and what it is made of (view-panel.ts). */
  lensParts(slot: number): { delayMs: number; rttMs: number; interpolationMs: number } {
    return { delayMs: this.lensDelayMs(slot), rttMs: this.rttOf(slot), interpolationMs: this.interpolationDelayMs };
  }

  /** True when the student's lens applies (a followed player, lens 'student'). */
  get studentLens(): boolean {
    return this.lens === 'student' && this.followed >= 0 && this.replayer.world.active[this.followed] === 1;
  }

  frame(nowMs: number, out: SampledPositions): boolean {
    if (this.playing) {
      const elapsed = Number.isNaN(this.lastNowMs) ? 0 : Math.min(250, nowMs - this.lastNowMs);
      this.position = Math.min(this.endTick, this.position + (elapsed / this.tickMs) * this.speed);
      if (this.position >= this.endTick) this.playing = false;
    }
    this.lastNowMs = nowMs;
    const needed = Math.ceil(this.position);
    if (needed > this.replayer.tick) this.replayer.advance(needed - this.replayer.tick);
    else if (needed < this.replayer.tick || this.position < this.replayer.history.oldestTick) this.replayer.seek(needed);
    const history = this.replayer.history;
    if (!this.studentLens) {
      history.sample(this.position, out);
      return true;
    }
    // Their own scooter now, everyone else as their screen had them.
    const s = this.followed;
    history.sample(this.position, this.self);
    history.sample(this.position - this.lensDelayMs(s) / this.tickMs, out);
    out.visible[s] = this.self.visible[s];
    out.x[s] = this.self.x[s];
    out.y[s] = this.self.y[s];
    out.heading[s] = this.self.heading[s];
    return true;
  }

  ghosts(out: SampledPositions): boolean {
    if (!this.studentLens) return false;
    this.replayer.history.sample(this.position, out);
    out.visible[this.followed] = 0;
    return true;
  }
}

function marksOf(recording: Recording): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const e of recording.events) {
    if (e.kind === 'delivery') marks.push({ tick: e.tick, kind: 'delivery', slot: e.slot, points: e.points, action: '' });
    else if (e.kind === 'teacher') marks.push({ tick: e.tick, kind: 'teacher', slot: e.playerId ?? -1, points: 0, action: e.mark });
    else if (e.kind === 'keyframe' && e.reason === KeyframeReason.Restored) marks.push({ tick: e.tick, kind: 'restored', slot: -1, points: 0, action: '' });
  }
  return marks;
}
