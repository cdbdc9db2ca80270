import { Phase } from '../../shared/sim/constants';
import type { World } from '../../shared/sim/world';
import type { AppliedInputLog } from '../../shared/replay/applied-input-log';
import { finishedFromSnapshot, recorderSnapshot, roundHeader, type RecorderContext, type RecorderSnapshot, type RecordingOptions } from './recording-shapes';
import { RecorderOutbox } from './recorder-outbox';
import { RecordingRound } from './recording-round';
import { DeliveryWatch } from '../../shared/replay/delivery-watch';
import { EndReason, KeyframeReason, RECORDING_LIMITS, TEACHER_MARKS, type MarkConditions, type TeacherMarkName } from '../../shared/replay/replay-format';

/** A tick never reached (no keyframe due while no round records). */
const NEVER = 0x7fffffff;
const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([]);

/**
 * Records its room's rounds (issue 14): every input the room applied at its tick, joins, drops,
 * resumes and leaves, the RTTs the server measured, deliveries (as checks), teacher actions, and
 * a keyframe every few seconds; the round's end closes the recording. The room calls it at each
 * world change; the replay duty (server/replay) takes what it cuts to the store. Per tick: the
 * input buffer logs the inputs it applies (AppliedInputLog), and afterStep() compares the world
 * with what the recorder saw last unless something moved; the log is coded every second or
 * two in one warm loop (shared/replay/input-run.ts). Allocation-free per tick in steady state. A recording that fails (a bug)
 * stops, never the room.
 */
export class RoundRecorder {
  /** What the replay duty takes to the store: rounds begun, finished, abandoned; failures. */
  readonly outbox = new RecorderOutbox();
  /** The room came from a saved state (a restart or a takeover), not made new by this process. */
  restoredFromSnapshot = false;
  /** The room's world (ctx.world, one load fewer). */
  private readonly world: World;
  /** world.deliveredTotal as last seen (a change is a delivery to record). */
  private deliveredTotal = 0;
  /** The tick of the next periodic keyframe (NEVER while not recording). */
  private keyframeTick = NEVER;
  private readonly log: AppliedInputLog;
  /** The round being recorded, or null. */
  private current: RecordingRound | null = null;
  /** The last round begun (not begun again once it ended). */
  private round = -1;
  /** A round whose recording stopped early (too large, or a failure): not begun again. */
  private skipRound = -1;
  private readonly watch: DeliveryWatch;
  private readonly epochMs: () => number;
  private readonly onDelivery = (slot: number, count: number, points: number): void => {
    this.current?.writer.delivery(this.world.tick, slot, count, points);
  };
  private readonly onFinishError = (error: unknown): void => this.outbox.note(error);

  constructor(
    private readonly ctx: RecorderContext,
    readonly options: RecordingOptions,
  ) {
    this.world = ctx.world;
    this.log = ctx.applied;
    this.watch = new DeliveryWatch(ctx.world.maxPlayers);
    this.epochMs = ctx.epochMs ?? Date.now;
  }

  /** The round being recorded (-1: none). */
  get recordingRound(): number {
    return this.current === null ? -1 : this.current.round;
  }

  /** Chunks of the running round already stored (a durable store confirmed them). */
  get storedChunks(): number {
    return this.current === null ? 0 : this.current.pending.stored;
  }

  /** Chunks of the running round not stored yet. */
  get pendingChunks(): readonly Uint8Array[] {
    return this.current === null ? NO_CHUNKS : this.current.pending.list;
  }

  joined(slot: number): void {
    if (this.current === null) return;
    this.guard(() => this.current?.writer.join(this.world.tick, slot, this.ctx.names[slot]));
    this.worldChanged();
  }

  resumed(slot: number): void {
    this.guard(() => this.current?.writer.resume(this.world.tick, slot));
  }

  dropped(slot: number): void {
    this.guard(() => this.current?.writer.drop(this.world.tick, slot));
  }

  left(slot: number): void {
    if (this.current === null) return;
    this.guard(() => this.current?.writer.leave(this.world.tick, slot));
    this.worldChanged();
  }

  /**
   * After a step of the room, when it has something for the recorder: the room calls it when
   * world.deliveredTotal or world.phase changed since the last call, when the tick reached the
   * one the last call returned, and after a start or end of a round between ticks. So a tick
   * with nothing to record reads none of the recorder's memory (issue 14: at 100 rooms, each
   * cache line a room-tick touches cold costs the tick about 1 %). Returns the tick by which to
   * call again (a keyframe due, or the applied-input log to look at).
   */
  afterStep(): number {
    const world = this.world;
    if (world.deliveredTotal !== this.deliveredTotal) {
      // Inline, not guard(): a closure per delivery is garbage on the tick path.
      if (this.current !== null) {
        try {
          this.watch.changed(world, this.onDelivery);
        } catch (error) {
          this.fail(error);
        }
      }
      this.deliveredTotal = world.deliveredTotal;
    }
    this.observeRound(EndReason.TimeUp);
    const current = this.current;
    if (current === null) return NEVER;
    try {
      if (world.tick >= this.keyframeTick) this.keyframe(KeyframeReason.Periodic);
      if (this.log.count >= this.log.drainAt) current.writer.codeInputs();
    } catch (error) {
      this.fail(error);
      return NEVER;
    }
    return Math.min(this.keyframeTick, world.tick + this.log.lookEveryTicks);
  }

  /**
   * The room is about to start or end a round between ticks (the teacher): a running recording
   * ends here with `reason`, its final keyframe the world as the round left it.
   */
  roundEnding(reason: EndReason): void {
    this.finish(reason);
  }

  /** The room started or ended a round between ticks: a round now playing is recorded. */
  roundChanged(): void {
    this.observeRound(EndReason.TeacherEnded);
  }

  teacher(mark: string, playerId: number | null, conditions: MarkConditions | null): void {
    const name: TeacherMarkName = (TEACHER_MARKS as readonly string[]).includes(mark) ? (mark as TeacherMarkName) : 'other';
    this.guard(() => this.current?.writer.teacher(this.world.tick, name, playerId, conditions));
  }

  /**
   * The RTT the server measured for a seated player (the duty's once a second): logged with
   * the inputs, and written when it changed.
   */
  rtt(slot: number, rttMs: number): void {
    if (this.current === null || !Number.isFinite(rttMs) || !this.world.active[slot]) return;
    // Inline, not guard(): a closure per sample is garbage every second.
    try {
      this.current.sampleRtt(slot, Math.max(0, Math.min(RECORDING_LIMITS.maxRttMs, Math.round(rttMs))));
    } catch (error) {
      this.fail(error);
    }
  }

  /** The room is closing: a running recording ends here. */
  roomClosing(): void {
    this.finish(EndReason.RoomClosed);
  }

  /** Closes the current chunk (every few seconds by the replay duty, and for every save of the room). */
  cut(): void {
    const current = this.current;
    if (current === null) return;
    try {
      current.cut();
    } catch (error) {
      this.fail(error);
      return;
    }
    // Checked here, every few seconds: the limit is a few MB, a second of play a few hundred bytes.
    if (current.writer.bytesCut > this.options.maxRoundBytes) {
      this.skipRound = current.round;
      this.finish(EndReason.TooLarge);
    }
  }

  /** A durable store holds the first `count` pending chunks of `round` now. */
  stored(round: number, count: number): void {
    const current = this.current;
    if (current === null || round !== current.round || count > current.pending.length) return;
    current.pending.drop(count);
  }

  /** For a room snapshot: cuts, and says what another process needs to go on recording. */
  snapshot(): RecorderSnapshot | null {
    this.cut();
    const current = this.current;
    if (current === null) return this.outbox.finished.length === 0 ? null : recorderSnapshot(-1, 0, 0, [], 0, this.outbox.finished);
    current.playerTicks.count(this.world.tick);
    return recorderSnapshot(current.round, current.startedAtEpochMs, current.pending.stored, current.pending.asBase64(), current.playerTicks.total, this.outbox.finished);
  }

  /**
   * The room was restored from a snapshot (a restart, or a takeover): a recording of the round
   * still playing goes on, marked by a Restored keyframe of the world as this process has it.
   * Call after the room adopted its sessions (everyone dropped) and before its first tick.
   */
  restore(snapshot: RecorderSnapshot | undefined): void {
    this.restoredFromSnapshot = true;
    if (snapshot === undefined) return;
    // Saved by another build (a snapshot is JSON from a file or Redis): its chunks' format
    // cannot go on in this one, so that round is not recorded further.
    const version: number = snapshot.v;
    if (version !== 2) {
      if (snapshot.round >= 0) this.outbox.abandon(snapshot.round);
      return;
    }
    for (const f of snapshot.finished) this.outbox.ended(finishedFromSnapshot(f));
    if (snapshot.round < 0 || this.world.phase !== Phase.Playing || this.world.round !== snapshot.round) return;
    const current = this.open(snapshot.round, snapshot.startedAtEpochMs);
    current.pending.stored = snapshot.storedChunks;
    current.playerTicks.start(this.world.tick, snapshot.playerTicks);
    for (const chunk of snapshot.chunks) current.pending.pushBase64(chunk);
    this.guard(() => this.keyframe(KeyframeReason.Restored));
  }

  private observeRound(reason: EndReason): void {
    const world = this.world;
    const playing = world.phase === Phase.Playing;
    if (this.current !== null && (!playing || world.round !== this.current.round)) {
      this.finish(playing ? EndReason.Restarted : reason);
    }
    if (this.current === null && playing && world.round !== this.skipRound && world.round !== this.round && this.options.enabled) this.begin();
  }

  private begin(): void {
    const current = this.open(this.world.round, this.epochMs());
    this.guard(() => {
      current.writer.header(roundHeader(this.ctx, current.startedAtEpochMs, this.options.keyframeEveryTicks));
      this.keyframe(KeyframeReason.Start);
    });
  }

  /**
   * A round recorded from now (begun, or going on after a restore): listed as running, also
   * again after a restore, since a store that does not outlive a process (one node's) lost it.
   */
  private open(round: number, startedAtEpochMs: number): RecordingRound {
    const current = new RecordingRound(round, startedAtEpochMs, this.world, this.log);
    this.current = current;
    this.round = round;
    this.outbox.began(round, startedAtEpochMs);
    return current;
  }

  /** The recording stopped (finished or failed). */
  private close(): void {
    this.current?.close();
    this.current = null;
    this.keyframeTick = NEVER;
  }

  private keyframe(reason: KeyframeReason): void {
    const current = this.current;
    if (current === null) return;
    current.writer.keyframe(this.world.tick, reason, this.world);
    this.keyframeTick = this.world.tick + this.options.keyframeEveryTicks;
    this.worldChanged();
  }

  /** Deliveries and scores moved outside a step (a join, a leave, a start): the new baseline. */
  private worldChanged(): void {
    this.watch.sync(this.world);
    this.deliveredTotal = this.world.deliveredTotal;
    this.current?.playerTicks.recount(this.world);
  }

  private finish(reason: EndReason): void {
    const current = this.current;
    if (current === null) return;
    this.outbox.ended(current.finish(reason, this.epochMs(), this.onFinishError));
    this.close();
  }

  private guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.fail(error);
    }
  }

  /** A bug in recording: this round's recording stops (what was recorded is dropped). */
  private fail(error: unknown): void {
    this.outbox.note(error);
    if (this.current !== null) this.outbox.abandon(this.current.round);
    this.skipRound = this.round;
    this.close();
  }
}
