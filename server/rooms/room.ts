import { Phase } from '../../shared/sim/constants';
import { addPlayer, findFreeSlot, removePlayer, setConnected } from '../../shared/sim/players';
import { endRound, startRound } from '../../shared/sim/round';
import { step } from '../../shared/sim/step';
import { createInputFrame, createWorld, type InputFrame, type World, type WorldConfig } from '../../shared/sim/world';
import { ErrorCode } from '../../shared/protocol/error-code';
import { SnapshotEncoder } from '../../shared/protocol/snapshot-encoder';
import { InputBuffer, inputLimitsFor } from './input-buffer';
import { checkNameInRoom } from './player-name';
import { EndReason } from '../../shared/replay/replay-format';
import { defaultRecordingOptions, type RecordingOptions } from './recording-shapes';
import { RoundRecorder } from './round-recorder';
import { RoomRemovals } from './room-removals';

export interface RoomOptions {
  code: string;
  world: WorldConfig;
  /** Ticks between snapshots (1 = every tick). */
  ticksPerSnapshot: number;
  /** Snapshots between periodic keyframes. */
  snapshotsPerKeyframe: number;
  resumeGraceMs: number;
  emptyRoomGraceMs: number;
  /** Who runs the room's rounds: 'auto' loops by itself, 'teacher' waits in the lobby. */
  mode: 'auto' | 'teacher';
  /** How the room records its rounds (issue 14). @default defaultRecordingOptions */
  recording?: RecordingOptions;
}

export type JoinResult = { ok: true; slot: number } | { ok: false; code: ErrorCode; message: string };

export type InputResult = ErrorCode | null;

/**
 * One room: its world, the inputs waiting for the next tick, and the names in its slots.
 * Transport-free: who sits in a slot (token, connection, node) is the seat registry's
 * (server/seats); the net layer turns messages into calls here and sends what it encodes.
 */
export class Room {
  readonly code: string;
  readonly world: World;
  readonly options: RoomOptions;
  readonly createdAtMs: number;
  /** Display names per slot ('' when free). */
  readonly names: string[];
  locked = false;
  /** Devices the teacher removed, kept out until let back in (room-removals.ts). */
  readonly removals: RoomRemovals;
  /**
   * Slots whose player is a bot the owner node runs itself (the teacher's "+1 bot"): saved with
   * the room, so the node that takes it over runs them on (classroom/bot-host.ts).
   */
  readonly serverBots = new Set<number>();
  /** Bytes of the last snapshot broadcast, and how many were sent. */
  snapshotsSent = 0;
  snapshotBytesSent = 0;
  /** Records every round for replay (server/replay stores what it cuts). */
  readonly recorder: RoundRecorder;

  private readonly encoder: SnapshotEncoder;
  /** Inputs waiting for the tick they are stamped for, per seat. */
  private readonly inputs: InputBuffer;
  private readonly frame: InputFrame;
  /** When a slot's connection dropped (0 while connected). */
  private readonly droppedAtMs: Float64Array;
  private ticksUntilSnapshot: number;
  private snapshotsUntilKeyframe: number;
  private emptySinceMs: number;
  private keyframeDue = false;
  /** When the recorder looks next and what it saw (RoundRecorder.afterStep): room fields, as a tick reads the room anyway. */
  private recorderLookTick = 0;
  private recorderSeenDelivered = -1;
  private recorderSeenPhase = -1;

  constructor(options: RoomOptions, nowMs: number) {
    this.options = options;
    this.code = options.code;
    this.createdAtMs = nowMs;
    this.emptySinceMs = nowMs;
    this.world = createWorld({ ...options.world, autoRounds: options.mode === 'auto' });
    const n = this.world.maxPlayers;
    this.names = new Array<string>(n).fill('');
    this.encoder = new SnapshotEncoder(n, this.world.city.houses.length);
    this.inputs = new InputBuffer(n, inputLimitsFor(this.world.config.tickRateHz));
    this.frame = createInputFrame(n);
    this.droppedAtMs = new Float64Array(n);
    const recording = options.recording ?? defaultRecordingOptions(this.world.config.tickRateHz);
    this.recorder = new RoundRecorder({ code: this.code, world: this.world, names: this.names, ticksPerSnapshot: options.ticksPerSnapshot, applied: this.inputs.applied }, recording);
    this.removals = new RoomRemovals(n);
    this.ticksUntilSnapshot = 1;
    this.snapshotsUntilKeyframe = options.snapshotsPerKeyframe;
    // The first broadcast is a delta against an empty baseline: everyone appears as added.
  }

  get playerCount(): number {
    return this.world.active.reduce((sum, active) => sum + active, 0);
  }

  get connectedCount(): number {
    return this.world.connected.reduce((sum, connected) => sum + connected, 0);
  }

  get capacity(): number {
    return this.world.maxPlayers;
  }

  phaseName(): 'lobby' | 'playing' | 'results' {
    const phase = this.world.phase;
    return phase === Phase.Playing ? 'playing' : phase === Phase.Results ? 'results' : 'lobby';
  }

  /** `device`: the browser's id (JoinRequest.device), checked against the teacher's removals. */
  join(name: string, nowMs: number, device?: string): JoinResult {
    if (this.removals.isRemoved(device)) {
      return { ok: false, code: ErrorCode.REMOVED, message: `Your teacher removed you from room ${this.code}. Ask them to let you back in.` };
    }
    if (this.locked) return { ok: false, code: ErrorCode.ROOM_LOCKED, message: `Room ${this.code} is locked.` };
    const named = checkNameInRoom(name, this.names, this.world.active);
    if (!named.ok) return { ok: false, code: ErrorCode.NAME_TAKEN, message: named.message };
    const slot = findFreeSlot(this.world);
    if (slot < 0) {
      return { ok: false, code: ErrorCode.ROOM_FULL, message: `Room ${this.code} is full (${this.capacity} players).` };
    }
    addPlayer(this.world, slot);
    this.names[slot] = name;
    this.removals.seat(slot, device);
    this.droppedAtMs[slot] = 0;
    this.inputs.reset(slot);
    this.emptySinceMs = 0;
    this.recorder.joined(slot);
    void nowMs;
    return { ok: true, slot };
  }

  /** Reattaches a dropped (or still-connected, e.g. a second tab) player to its slot. */
  reconnect(slot: number): JoinResult {
    if (!this.world.active[slot]) return { ok: false, code: ErrorCode.SESSION_EXPIRED, message: 'That session has expired; join again.' };
    setConnected(this.world, slot, true);
    this.recorder.resumed(slot);
    this.droppedAtMs[slot] = 0;
    // A reconnecting client continues its sequence numbers after its last acknowledged one,
    // and stamps by a tick clock started afresh.
    this.inputs.reset(slot, this.world.ackSeq[slot]);
    return { ok: true, slot };
  }

  /** The connection dropped: the scooter stays, parked, for the resume grace period. */
  disconnect(slot: number, nowMs: number): void {
    if (!this.world.active[slot]) return;
    setConnected(this.world, slot, false);
    this.recorder.dropped(slot);
    this.droppedAtMs[slot] = nowMs;
    this.inputs.clear(slot);
    if (this.connectedCount === 0 && this.emptySinceMs === 0) this.emptySinceMs = nowMs;
  }

  /** The player left on purpose (or was removed): the slot is freed now. */
  leave(slot: number, nowMs: number): void {
    if (!this.world.active[slot]) return;
    removePlayer(this.world, slot);
    this.recorder.left(slot);
    this.names[slot] = '';
    this.removals.vacate(slot);
    this.serverBots.delete(slot);
    this.droppedAtMs[slot] = 0;
    this.inputs.reset(slot);
    if (this.connectedCount === 0 && this.emptySinceMs === 0) this.emptySinceMs = nowMs;
  }

  /**
   * An input for the tick it is stamped for (protocol version 2): held until that tick, or
   * applied at the next one if it came late (the snapshot then reports how late, ackLate).
   * `control` is the decoded buttons and steer target (shared/sim/steering.ts; the codec
   * checked it). Refusals: see InputBuffer.accept and input-refusal.ts.
   */
  acceptInput(slot: number, seq: number, tick: number, control: number): InputResult {
    if (!this.world.connected[slot]) return ErrorCode.NOT_IN_ROOM;
    return this.inputs.accept(slot, seq, tick, control, this.world.tick);
  }

  /** Inputs that arrived after the tick they were stamped for (applied at once). */
  get lateInputs(): number {
    return this.inputs.lateInputs;
  }

  /**
   * Advances the room one tick. Returns the snapshot to broadcast (a view into the encoder's
   * buffer, valid until the next tick: copy it before a socket gets it) or null for none.
   */
  tick(): Uint8Array | null {
    return this.advance() ? this.encodeSnapshot() : null;
  }

  /**
   * Takes each seat's input due at this tick (the others keep holding their buttons; the input
   * buffer logs what it takes while a round records), steps the world, and lets the recorder
   * look if it has something to; true when this tick sends a snapshot. Split from encoding so
   * a node speaking the JSON baseline codec skips the binary encoder.
   */
  advance(): boolean {
    const frame = this.frame;
    const { maxPlayers: n, connected, tick } = this.world;
    for (let slot = 0; slot < n; slot++) {
      frame.has[slot] = connected[slot] && this.inputs.takeDue(slot, tick, frame) ? 1 : 0;
    }
    step(this.world, frame);
    const world = this.world;
    if (world.tick >= this.recorderLookTick || world.deliveredTotal !== this.recorderSeenDelivered || world.phase !== this.recorderSeenPhase) this.recorderLooks();
    if (--this.ticksUntilSnapshot > 0) return false;
    this.ticksUntilSnapshot = this.options.ticksPerSnapshot;
    return true;
  }

  /** The recorder has something to look at (see RoundRecorder.afterStep). */
  private recorderLooks(): void {
    this.recorderLookTick = this.recorder.afterStep();
    this.recorderSeenDelivered = this.world.deliveredTotal;
    this.recorderSeenPhase = this.world.phase;
  }

  /** The binary snapshot of this tick (a delta, or periodically a keyframe); see tick(). */
  encodeSnapshot(): Uint8Array {
    if (this.keyframeDue || --this.snapshotsUntilKeyframe <= 0) {
      this.keyframeDue = false;
      this.snapshotsUntilKeyframe = this.options.snapshotsPerKeyframe;
      return this.encoder.encodeKeyframe(this.world);
    }
    return this.encoder.encodeDelta(this.world);
  }

  /** The state of the last broadcast, for a joiner: the next delta applies on top of it. */
  keyframeForJoiner(): Uint8Array {
    return this.encoder.encodeBaselineKeyframe();
  }

  /**
   * After a restore: takes the saved names, and marks every player dropped as of now, so each
   * has a full grace period to resume on the new connection.
   */
  adoptRestoredSessions(names: string[], locked: boolean, nowMs: number): void {
    const n = this.world.maxPlayers;
    if (names.length !== n) throw new Error('Room snapshot: roster size does not match the room');
    this.locked = locked;
    for (let slot = 0; slot < n; slot++) {
      this.names[slot] = names[slot];
      if (!this.world.active[slot]) continue;
      setConnected(this.world, slot, false);
      this.droppedAtMs[slot] = nowMs;
      this.inputs.reset(slot, this.world.ackSeq[slot]);
    }
    this.emptySinceMs = nowMs;
  }

  /**
   * Makes the next snapshot a keyframe for the whole room: after a takeover (clients hold
   * another node's baseline) or when a player joins through another node (its keyframe must
   * travel the room's channel, in order with the deltas after it).
   */
  forceKeyframe(): void {
    this.keyframeDue = true;
  }

  startRound(): void {
    // A running round's recording ends with the world as it was, before the scores reset.
    this.recorder.roundEnding(EndReason.Restarted);
    startRound(this.world);
    this.recorder.roundChanged();
    this.recorderLookTick = 0;
  }

  endRound(): void {
    this.recorder.roundEnding(EndReason.TeacherEnded);
    endRound(this.world);
    this.recorder.roundChanged();
    this.recorderLookTick = 0;
  }

  /**
   * Frees slots whose grace period ran out, telling the callback (so their seats go too).
   * Returns true when the room should close.
   */
  sweep(nowMs: number, onExpired: (slot: number) => void): boolean {
    for (let slot = 0; slot < this.world.maxPlayers; slot++) {
      const droppedAt = this.droppedAtMs[slot];
      if (droppedAt > 0 && nowMs - droppedAt >= this.options.resumeGraceMs) {
        this.leave(slot, nowMs);
        onExpired(slot);
      }
    }
    if (this.connectedCount > 0) {
      this.emptySinceMs = 0;
      return false;
    }
    if (this.emptySinceMs === 0) this.emptySinceMs = nowMs;
    const close = this.playerCount === 0 && nowMs - this.emptySinceMs >= this.options.emptyRoomGraceMs;
    if (close) this.recorder.roomClosing();
    return close;
  }
}
