import { Phase } from '../../shared/sim/constants';
import { addPlayer, findFreeSlot, removePlayer, setConnected } from '../../shared/sim/players';
import { endRound, startRound } from '../../shared/sim/round';
import { step } from '../../shared/sim/step';
import { createInputFrame, createWorld, type InputFrame, type World, type WorldConfig } from '../../shared/sim/world';
import { ErrorCode } from '../../shared/protocol/error-code';
import { SnapshotEncoder } from '../../shared/protocol/snapshot-encoder';
import { InputQueue } from './input-queue';
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

  private readonly encoder: SnapshotEncoder;
  private readonly inputs: InputQueue;
  private readonly frame: InputFrame;
  /** Highest input seq received per slot: sequence numbers only move forward. */
  private readonly lastSeqReceived: Uint32Array;
  /** When a slot's connection dropped (0 while connected). */
  private readonly droppedAtMs: Float64Array;
  private ticksUntilSnapshot: number;
  private snapshotsUntilKeyframe: number;
  private emptySinceMs: number;
  private keyframeDue = false;

  constructor(options: RoomOptions, nowMs: number) {
    this.options = options;
    this.code = options.code;
    this.createdAtMs = nowMs;
    this.emptySinceMs = nowMs;
    this.world = createWorld({ ...options.world, autoRounds: options.mode === 'auto' });
    const n = this.world.maxPlayers;
    this.names = new Array<string>(n).fill('');
    this.encoder = new SnapshotEncoder(n, this.world.city.houses.length);
    this.inputs = new InputQueue(n);
    this.frame = createInputFrame(n);
    this.lastSeqReceived = new Uint32Array(n);
    this.droppedAtMs = new Float64Array(n);
    this.removals = new RoomRemovals(n);
    this.ticksUntilSnapshot = 1;
    this.snapshotsUntilKeyframe = options.snapshotsPerKeyframe;
    // The first broadcast is a delta against an empty baseline: everyone appears as added.
  }

  get playerCount(): number {
    let count = 0;
    for (let i = 0; i < this.world.maxPlayers; i++) count += this.world.active[i];
    return count;
  }

  get connectedCount(): number {
    let count = 0;
    for (let i = 0; i < this.world.maxPlayers; i++) count += this.world.connected[i];
    return count;
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
    const slot = findFreeSlot(this.world);
    if (slot < 0) {
      return { ok: false, code: ErrorCode.ROOM_FULL, message: `Room ${this.code} is full (${this.capacity} players).` };
    }
    addPlayer(this.world, slot);
    this.names[slot] = name;
    this.removals.seat(slot, device);
    this.lastSeqReceived[slot] = 0;
    this.droppedAtMs[slot] = 0;
    this.inputs.clear(slot);
    this.emptySinceMs = 0;
    void nowMs;
    return { ok: true, slot };
  }

  /** Reattaches a dropped (or still-connected, e.g. a second tab) player to its slot. */
  reconnect(slot: number): JoinResult {
    if (!this.world.active[slot]) return { ok: false, code: ErrorCode.SESSION_EXPIRED, message: 'That session has expired; join again.' };
    setConnected(this.world, slot, true);
    this.droppedAtMs[slot] = 0;
    this.inputs.clear(slot);
    // A reconnecting client restarts its sequence numbers at its last acknowledged one.
    this.lastSeqReceived[slot] = this.world.ackSeq[slot];
    return { ok: true, slot };
  }

  /** The connection dropped: the scooter stays, parked, for the resume grace period. */
  disconnect(slot: number, nowMs: number): void {
    if (!this.world.active[slot]) return;
    setConnected(this.world, slot, false);
    this.droppedAtMs[slot] = nowMs;
    this.inputs.clear(slot);
    if (this.connectedCount === 0 && this.emptySinceMs === 0) this.emptySinceMs = nowMs;
  }

  /** The player left on purpose (or was removed): the slot is freed now. */
  leave(slot: number, nowMs: number): void {
    if (!this.world.active[slot]) return;
    removePlayer(this.world, slot);
    this.names[slot] = '';
    this.removals.vacate(slot);
    this.serverBots.delete(slot);
    this.droppedAtMs[slot] = 0;
    this.inputs.clear(slot);
    if (this.connectedCount === 0 && this.emptySinceMs === 0) this.emptySinceMs = nowMs;
  }

  acceptInput(slot: number, seq: number, buttons: number): InputResult {
    if (!this.world.connected[slot]) return ErrorCode.NOT_IN_ROOM;
    if (seq <= this.lastSeqReceived[slot]) return ErrorCode.PROTO_SEQ_NOT_FORWARD;
    this.lastSeqReceived[slot] = seq;
    this.inputs.push(slot, seq, buttons);
    return null;
  }

  /**
   * Advances the room one tick. Returns the snapshot to broadcast (a view into the encoder's
   * buffer, valid until the next tick: copy before handing it to a socket) or null when this
   * tick sends none.
   */
  tick(): Uint8Array | null {
    return this.advance() ? this.encodeSnapshot() : null;
  }

  /**
   * Drains one input per slot and steps the world; true when this tick sends a snapshot.
   * Split from encoding so a node speaking the JSON baseline codec skips the binary encoder.
   */
  advance(): boolean {
    const frame = this.frame;
    const n = this.world.maxPlayers;
    for (let slot = 0; slot < n; slot++) {
      frame.has[slot] = this.world.connected[slot] && this.inputs.popInto(slot, frame.seq, frame.buttons) ? 1 : 0;
    }
    step(this.world, frame);
    if (--this.ticksUntilSnapshot > 0) return false;
    this.ticksUntilSnapshot = this.options.ticksPerSnapshot;
    return true;
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
      this.lastSeqReceived[slot] = this.world.ackSeq[slot];
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
    startRound(this.world);
  }

  endRound(): void {
    endRound(this.world);
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
    return this.playerCount === 0 && nowMs - this.emptySinceMs >= this.options.emptyRoomGraceMs;
  }
}
