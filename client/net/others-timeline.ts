/**
 * The other players as a GameSession draws them: every snapshot that is not withheld goes into
 * a buffer, the server's timeline is learned from their ticks, and each display frame samples
 * the buffer INTERPOLATION_INTERVALS snapshot intervals in the past (or takes the latest, with
 * interpolation off) into the preallocated render view.
 *
 *   snapshots:   s-3     s-2     s-1      s = the server's tick now
 *                 |-------|-------|-------|
 *   drawn at:             ^ now - 2 intervals (a late snapshot: extrapolate at most 1)
 */
import type { WelcomeMessage } from '../../shared/protocol/control-messages';
import type { ReplicaState } from '../../shared/protocol/replica-state';
import { sampleInterpolated, sampleLatest, type SampleResult } from './interpolation';
import { createRenderView, type RenderView } from './render-view';
import { ServerClock } from './server-clock';
import { SnapshotBuffer } from './snapshot-buffer';

/** Other players are drawn this many snapshot intervals in the past (issue #4, design.md). */
export const INTERPOLATION_INTERVALS = 2;
/** A late snapshot is made up for by extrapolating at most this many snapshot intervals. */
export const MAX_EXTRAPOLATION_INTERVALS = 1;

export class OthersTimeline {
  buffer: SnapshotBuffer | null = null;
  /** The server's timeline for interpolating the others (sees only unwithheld snapshots). */
  clock: ServerClock | null = null;
  view: RenderView | null = null;
  /** Ticks per snapshot, from the welcome. */
  ticksPerSnapshot = 1;
  tickMs = 1000 / 30;
  readonly sample: SampleResult = { extrapolatedTicks: 0 };

  /** A welcome: a fresh timeline, since a resumed session's ticks may restart (another node). */
  welcome(welcome: WelcomeMessage): void {
    this.tickMs = 1000 / welcome.tickRateHz;
    this.ticksPerSnapshot = Math.max(1, Math.round(welcome.tickRateHz / welcome.snapshotRateHz));
    if (this.buffer === null || this.buffer.maxPlayers !== welcome.maxPlayers) {
      this.buffer = new SnapshotBuffer(welcome.maxPlayers);
      this.view = createRenderView(welcome.maxPlayers);
    }
    this.buffer.clear();
    this.clock = new ServerClock(this.tickMs);
  }

  /** A snapshot that arrived and was not withheld by the lag simulator. */
  observe(state: ReplicaState, nowMs: number): void {
    this.buffer?.push(state, nowMs);
    this.clock?.observe(state.tick, nowMs);
  }

  /** True once a welcome set the timeline up. */
  get ready(): boolean {
    return this.view !== null && this.buffer !== null && this.clock !== null;
  }

  /** Writes the others into `view.others` for a frame at nowMs. Allocation-free. */
  sampleOthers(nowMs: number, interpolate: boolean): void {
    const { view, buffer, clock } = this;
    if (view === null || buffer === null || clock === null) return;
    if (interpolate && clock.synced) {
      const renderTick = clock.tickAt(nowMs) - INTERPOLATION_INTERVALS * this.ticksPerSnapshot;
      sampleInterpolated(buffer, renderTick, MAX_EXTRAPOLATION_INTERVALS * this.ticksPerSnapshot, view.others, this.sample);
    } else {
      sampleLatest(buffer, view.others);
      this.sample.extrapolatedTicks = 0;
    }
  }

  /** Interpolation delay in ms as configured. */
  get delayMs(): number {
    return INTERPOLATION_INTERVALS * this.ticksPerSnapshot * this.tickMs;
  }
}
