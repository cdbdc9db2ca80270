/**
 * SnapshotDecoder: the client side of the snapshot codec, the frame around the players —
 * message code, tick, world header, orders, the end padding — and the scratch copy a message
 * is decoded into and committed from. The player slots are PlayerRecordReader's
 * (player-record-reader.ts); the results it returns are apply-result.ts's.
 */
import type { Phase } from '../sim/constants';
import { Arena } from '../sim/arena';
import { failure, OK_DELTA, OK_KEYFRAME, readFailure, type ApplyResult } from './apply-result';
import { BitReader } from './bit-reader';
import { ErrorCode } from './error-code';
import { applyJsonState } from './json-state';
import { bitsFor } from './int-bits';
import { createMotionMemory, motionMemoryBytes } from './motion-memory';
import { MsgCode } from './msg-code';
import { readOrderEntries } from './order-entries';
import { PlayerRecordReader } from './player-record-reader';
import { createReplicaState, replicaStateBytes, type ReplicaState } from './replica-state';
import { MAX_PHASE, MAX_TICK, maxSnapshotBytes, PHASE_BITS } from './snapshot-format';

// Importers (client/net, bots) take the result type from here, next to apply().
export type { ApplyResult } from './apply-result';

/**
 * Client side of the snapshot codec: applies Keyframe and Snapshot messages to `state`.
 * A message is decoded into a scratch copy and committed only when all of it is valid, so a
 * rejected message leaves the state exactly as it was. Every count read from the wire is
 * checked against maxPlayers / houseCount before it drives a loop, and input longer than
 * maxSnapshotBytes is refused before any parsing. Layout: PROTOCOL.md.
 */
export class SnapshotDecoder {
  readonly maxPlayers: number;
  readonly houseCount: number;
  readonly maxBytes: number;
  readonly state: ReplicaState;
  private readonly next: ReplicaState;
  private readonly reader = new BitReader();
  /** The arena bytes behind state and its memory, and behind next + its memory. */
  private readonly stateBytes: Uint8Array;
  private readonly nextBytes: Uint8Array;
  private readonly houseBits: number;
  private readonly players: PlayerRecordReader;
  private hasKeyframe = false;

  constructor(maxPlayers: number, houseCount: number) {
    // State and memory share one buffer, and so do their scratch copies: beginning and
    // committing a message is one byte copy each, whatever fields the list holds.
    const bytes = replicaStateBytes(maxPlayers, houseCount) + motionMemoryBytes(maxPlayers);
    const arena = new Arena(bytes);
    const nextArena = new Arena(bytes);
    // The state's own memory: only ever written by the commit's byte copy, so kept no name.
    createMotionMemory(maxPlayers, arena);
    const nextMemory = createMotionMemory(maxPlayers, nextArena);
    this.state = createReplicaState(maxPlayers, houseCount, arena);
    this.next = createReplicaState(maxPlayers, houseCount, nextArena);
    this.stateBytes = arena.allBytes();
    this.nextBytes = nextArena.allBytes();
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.maxBytes = maxSnapshotBytes(maxPlayers, houseCount);
    this.houseBits = bitsFor(houseCount - 1);
    this.players = new PlayerRecordReader(maxPlayers, this.next, nextMemory, this.reader);
  }

  /** True once a keyframe (or a whole JSON state) has been applied (deltas are refused before that). */
  get synced(): boolean {
    return this.hasKeyframe;
  }

  /**
   * SNAPSHOT_CODEC=json: a whole state written into this replica, complete as a keyframe is, so
   * the replica counts as synced after it (without that, a browser on a JSON node drew no
   * scooter at all). False, and the state as it was, when the JSON is not one.
   */
  applyJson(json: unknown): boolean {
    if (!applyJsonState(json, this.state)) return false;
    this.hasKeyframe = true;
    return true;
  }

  apply(bytes: Uint8Array): ApplyResult {
    if (bytes.length === 0) return failure(ErrorCode.PROTO_EMPTY);
    if (bytes.length > this.maxBytes) return failure(ErrorCode.PROTO_OVERSIZED);
    const code = bytes[0];
    let error: ErrorCode | null;
    if (code === MsgCode.Keyframe) {
      this.nextBytes.fill(0);
      setScalars(this.next, 0, 0, 0, 0);
      this.reader.reset(bytes, 1);
      error = this.readKeyframe();
    } else if (code === MsgCode.Snapshot) {
      if (!this.hasKeyframe) return failure(ErrorCode.PROTO_NO_KEYFRAME);
      this.nextBytes.set(this.stateBytes);
      setScalars(this.next, this.state.tick, this.state.phase, this.state.phaseEndTick, this.state.round);
      this.reader.reset(bytes, 1);
      error = this.readDelta();
    } else {
      return failure(ErrorCode.PROTO_UNKNOWN_CODE);
    }
    if (error === null) error = this.checkEnd();
    if (error !== null) return failure(error);
    this.stateBytes.set(this.nextBytes);
    setScalars(this.state, this.next.tick, this.next.phase, this.next.phaseEndTick, this.next.round);
    this.hasKeyframe = true;
    return code === MsgCode.Keyframe ? OK_KEYFRAME : OK_DELTA;
  }

  private readKeyframe(): ErrorCode | null {
    const r = this.reader;
    const tick = r.readVarUint();
    const header = this.readWorldHeader();
    if (header !== null) return header;
    if (tick > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    this.next.tick = tick;
    const players = this.players.readKeyframe();
    if (players !== null) return players;
    const count = r.readVarUint();
    if (r.failed) return readFailure(r);
    if (count > this.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
    return readOrderEntries(r, this.houseBits, this.next, count);
  }

  private readDelta(): ErrorCode | null {
    const r = this.reader;
    const n = this.next;
    const tick = n.tick + 1 + r.readVarUint();
    if (r.readBit() === 1) {
      const header = this.readWorldHeader();
      if (header !== null) return header;
    }
    if (r.failed) return readFailure(r);
    // Relative coding means a delta cannot go back in time; it can still run off the range.
    if (tick > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    n.tick = tick;
    const players = this.players.readDelta();
    if (players !== null) return players;
    if (r.readBit() === 0) return r.failed ? readFailure(r) : null;
    const count = r.readVarUint();
    if (r.failed) return readFailure(r);
    if (count === 0 || count > this.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
    return readOrderEntries(r, this.houseBits, n, count);
  }

  /** phase, phaseEndTick, round into `next`. */
  private readWorldHeader(): ErrorCode | null {
    const r = this.reader;
    const phase = r.readBits(PHASE_BITS);
    const phaseEndTick = r.readVarUint();
    const round = r.readVarUint();
    if (r.failed) return readFailure(r);
    if (phase > MAX_PHASE || phaseEndTick > MAX_TICK || round > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    this.next.phase = phase as Phase;
    this.next.phaseEndTick = phaseEndTick;
    this.next.round = round;
    return null;
  }

  /** The message must end in its last byte, padded with zero bits. */
  private checkEnd(): ErrorCode | null {
    const r = this.reader;
    const rest = r.remainingBits;
    if (rest >= 8) return ErrorCode.PROTO_OVERSIZED;
    return r.readBits(rest) === 0 ? null : ErrorCode.PROTO_OUT_OF_RANGE;
  }
}

function setScalars(to: ReplicaState, tick: number, phase: Phase, phaseEndTick: number, round: number): void {
  to.tick = tick;
  to.phase = phase;
  to.phaseEndTick = phaseEndTick;
  to.round = round;
}
