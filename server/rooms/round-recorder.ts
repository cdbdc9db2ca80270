import { Phase } from '../../shared/sim/constants';
import type { InputFrame, World } from '../../shared/sim/world';
import { finishedFromSnapshot, recorderSnapshot, roundHeader, type FinishedRecording, type RecorderContext, type RecorderSnapshot, type RecordingOptions } from './recording-shapes';
import { PendingChunks } from './pending-chunks';
import { DeliveryWatch } from '../../shared/replay/delivery-watch';
import { RecordingWriter } from '../../shared/replay/recording-writer';
import { EndReason, KeyframeReason, TEACHER_MARKS, type MarkConditions, type TeacherMarkName } from '../../shared/replay/replay-format';

/**
 * Records its room's rounds (issue 14): from a round's first tick, every input the room applied
 * at its tick, joins, drops, resumes and leaves, the RTTs the server measured, deliveries (as
 * checks), teacher actions, and a keyframe every few seconds; the round's end closes the
 * recording. The room calls it at each world change; the replay duty (server/replay) takes cut
 * chunks and finished rounds to the store. Allocation-free per tick in steady state (chunks are
 * copied out about once a second). A recording that fails (a bug) stops, never the room.
 */
export class RoundRecorder {
  /** Rounds that ended, oldest first, until the duty stores them. */
  readonly finished: FinishedRecording[] = [];
  /** Rounds that began, until the duty lists them in the store. */
  readonly begun: { round: number; startedAtEpochMs: number }[] = [];
  /** Rounds whose recording stopped on a failure, until the duty takes them off the list. */
  readonly abandoned: number[] = [];
  /** Recordings that stopped on a bug (the last message is kept for the duty's log). */
  failures = 0;
  lastFailure = '';
  /** The room came from a saved state (a restart or a takeover), not made new by this process. */
  restoredFromSnapshot = false;
  private writer: RecordingWriter | null = null;
  private round = -1;
  /** A round whose recording stopped early (too large, or a failure): not begun again. */
  private skipRound = -1;
  private startedAtEpochMs = 0;
  private readonly pending = new PendingChunks();
  private playerTicks = 0;
  private ticksToKeyframe = 0;
  private readonly watch: DeliveryWatch;
  /** The room's world (ctx.world, one load fewer per tick). */
  private readonly world: World;
  /** Players in the room while recording (counted at each join, leave and keyframe). */
  private activePlayers = 0;
  /** world.deliveredTotal as last seen: a tick without a delivery costs one comparison. */
  private deliveredTotal = 0;
  private readonly epochMs: () => number;
  private readonly onDelivery = (slot: number, count: number, points: number): void => {
    this.writer?.delivery(this.ctx.world.tick, slot, count, points);
  };

  constructor(
    private readonly ctx: RecorderContext,
    readonly options: RecordingOptions,
  ) {
    this.watch = new DeliveryWatch(ctx.world.maxPlayers);
    this.world = ctx.world;
    this.epochMs = ctx.epochMs ?? Date.now;
  }

  /** The round being recorded (-1: none). */
  get recordingRound(): number {
    return this.writer === null ? -1 : this.round;
  }

  /** Chunks of the running round already stored (a durable store confirmed them). */
  get storedChunks(): number {
    return this.pending.stored;
  }

  /** Chunks of the running round not stored yet. */
  get pendingChunks(): readonly Uint8Array[] {
    return this.pending.list;
  }

  joined(slot: number): void {
    if (this.writer === null) return;
    this.guard(() => this.writer?.join(this.ctx.world.tick, slot, this.ctx.names[slot]));
    this.worldChanged();
  }

  resumed(slot: number): void {
    this.guard(() => this.writer?.resume(this.ctx.world.tick, slot));
  }

  dropped(slot: number): void {
    this.guard(() => this.writer?.drop(this.ctx.world.tick, slot));
  }

  left(slot: number): void {
    if (this.writer === null) return;
    this.guard(() => this.writer?.leave(this.ctx.world.tick, slot));
    this.worldChanged();
  }

  /** The room's frame of this tick, before step (the inputs it applies). */
  beforeStep(frame: InputFrame): void {
    const writer = this.writer;
    if (writer === null) return;
    this.playerTicks += this.activePlayers;
    try {
      writer.frame(this.world.tick, frame);
    } catch (error) {
      this.fail(error);
    }
  }

  /** After step: deliveries, the round's start or end, and keyframes due. */
  afterStep(): void {
    const writer = this.writer;
    const world = this.world;
    if (writer !== null && world.deliveredTotal !== this.deliveredTotal) {
      this.guard(() => this.watch.changed(world, this.onDelivery));
      this.deliveredTotal = world.deliveredTotal;
    }
    this.observeRound(EndReason.TimeUp);
    if (this.writer === null) return;
    if (--this.ticksToKeyframe <= 0) this.guard(() => this.keyframe(KeyframeReason.Periodic));
  }

  /**
   * The room is about to start or end a round between ticks (the teacher): a running recording
   * ends here with `reason`, its final keyframe the world as the round left it.
   */
  roundEnding(reason: EndReason): void {
    if (this.writer !== null) this.finish(reason);
  }

  /** The room started or ended a round between ticks: a round now playing is recorded. */
  roundChanged(): void {
    this.observeRound(EndReason.TeacherEnded);
  }

  teacher(mark: string, playerId: number | null, conditions: MarkConditions | null): void {
    const name: TeacherMarkName = (TEACHER_MARKS as readonly string[]).includes(mark) ? (mark as TeacherMarkName) : 'other';
    this.guard(() => this.writer?.teacher(this.ctx.world.tick, name, playerId, conditions));
  }

  /** The RTT the server measured for a seated player (once a second); written when it changed. */
  rtt(slot: number, rttMs: number): void {
    const writer = this.writer;
    if (writer === null || !Number.isFinite(rttMs) || !this.ctx.world.active[slot]) return;
    const ms = Math.max(0, Math.min(600_000, Math.round(rttMs)));
    if (ms === writer.rttMs[slot]) return;
    this.guard(() => writer.rtt(this.ctx.world.tick, slot, ms));
  }

  /** The room is closing: a running recording ends here. */
  roomClosing(): void {
    if (this.writer !== null) this.finish(EndReason.RoomClosed);
  }

  /** Closes the current chunk (about once a second, and for every save of the room). */
  cut(): void {
    const writer = this.writer;
    if (writer === null) return;
    let chunk: Uint8Array | null = null;
    try {
      chunk = writer.cut();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (chunk === null) return;
    this.pending.push(chunk);
    // Checked here, about once a second: the limit is a few MB, a second of play a few hundred bytes.
    if (writer.bytesCut > this.options.maxRoundBytes) {
      this.skipRound = this.round;
      this.finish(EndReason.TooLarge);
    }
  }

  /** A durable store holds the first `count` pending chunks of `round` now. */
  stored(round: number, count: number): void {
    if (round !== this.round || this.writer === null || count > this.pending.length) return;
    this.pending.drop(count);
  }

  /** For a room snapshot: cuts, and says what another process needs to go on recording. */
  snapshot(): RecorderSnapshot | null {
    this.cut();
    if (this.writer === null && this.finished.length === 0) return null;
    const running = this.writer !== null;
    return recorderSnapshot(running ? this.round : -1, this.startedAtEpochMs, this.storedChunks, running ? this.pending.asBase64() : [], this.playerTicks, this.finished);
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
      if (snapshot.round >= 0) this.abandoned.push(snapshot.round);
      return;
    }
    for (const f of snapshot.finished) this.finished.push(finishedFromSnapshot(f));
    if (snapshot.round < 0 || this.world.phase !== Phase.Playing || this.world.round !== snapshot.round) return;
    this.writer = new RecordingWriter(this.world.maxPlayers);
    this.round = snapshot.round;
    this.startedAtEpochMs = snapshot.startedAtEpochMs;
    this.pending.stored = snapshot.storedChunks;
    this.playerTicks = snapshot.playerTicks;
    for (const chunk of snapshot.chunks) this.pending.pushBase64(chunk);
    // Listed as running again: a store that does not outlive a process (one node's) lost it.
    this.begun.push({ round: this.round, startedAtEpochMs: this.startedAtEpochMs });
    this.guard(() => this.keyframe(KeyframeReason.Restored));
  }

  private observeRound(reason: EndReason): void {
    const world = this.ctx.world;
    const playing = world.phase === Phase.Playing;
    if (this.writer !== null && (!playing || world.round !== this.round)) {
      this.finish(playing ? EndReason.Restarted : reason);
    }
    if (this.writer === null && playing && world.round !== this.skipRound && world.round !== this.round && this.options.enabled) this.begin();
  }

  private begin(): void {
    const world = this.ctx.world;
    const writer = new RecordingWriter(world.maxPlayers);
    this.writer = writer;
    this.round = world.round;
    this.startedAtEpochMs = this.epochMs();
    this.pending.clear();
    this.playerTicks = 0;
    this.begun.push({ round: this.round, startedAtEpochMs: this.startedAtEpochMs });
    this.guard(() => {
      writer.header(roundHeader(this.ctx, this.startedAtEpochMs, this.options.keyframeEveryTicks));
      this.keyframe(KeyframeReason.Start);
    });
  }

  private keyframe(reason: KeyframeReason): void {
    const writer = this.writer;
    if (writer === null) return;
    writer.keyframe(this.ctx.world.tick, reason, this.ctx.world);
    this.ticksToKeyframe = this.options.keyframeEveryTicks;
    this.worldChanged();
  }

  /** Deliveries and scores moved outside a step (a join, a leave, a start): the new baseline. */
  private worldChanged(): void {
    const world = this.ctx.world;
    this.watch.sync(world);
    this.deliveredTotal = world.deliveredTotal;
    let active = 0;
    for (let slot = 0; slot < world.maxPlayers; slot++) active += world.active[slot];
    this.activePlayers = active;
  }

  private finish(reason: EndReason): void {
    const writer = this.writer;
    if (writer === null) return;
    const tick = this.ctx.world.tick;
    try {
      writer.keyframe(tick, KeyframeReason.Final, this.ctx.world);
      writer.end(tick, reason);
      const chunk = writer.cut();
      if (chunk !== null) this.pending.push(chunk);
    } catch (error) {
      this.note(error);
    }
    const hz = this.ctx.world.config.tickRateHz;
    this.finished.push({
      round: this.round,
      startedAtEpochMs: this.startedAtEpochMs,
      endedAtEpochMs: this.epochMs(),
      endReason: reason,
      firstChunk: this.storedChunks,
      chunks: this.pending.takeAll(),
      playerMinutes: this.playerTicks / (hz * 60),
    });
    this.writer = null;
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
    this.note(error);
    if (this.writer !== null) this.abandoned.push(this.round);
    this.writer = null;
    this.skipRound = this.round;
    this.pending.clear();
  }

  private note(error: unknown): void {
    this.failures++;
    this.lastFailure = error instanceof Error ? error.message : String(error);
  }
}
