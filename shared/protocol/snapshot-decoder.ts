import type { Phase } from '../sim/constants';
import { BitReader } from './bit-reader';
import { ErrorCode } from './error-code';
import { bitsFor } from './int-bits';
import { Arena } from '../sim/arena';
import { clearMotionSlot, createMotionMemory, motionMemoryBytes, type MotionMemory } from './motion-memory';
import { MsgCode } from './msg-code';
import { readOrderEntries } from './order-entries';
import {
  addDelta,
  FIELD_MASK_BITS,
  isDeltaValue,
  DELTA_BIAS,
  DELTA_FIELDS,
  DELTA_KEEPS,
  DELTA_MODULO,
  MOTION_FIELDS,
  MOTION_WIRE,
  readValue,
  RECORD_FIELDS,
  RECORD_WIRE,
  STATE_FIELDS,
  STATE_WIRE,
  wrapDelta,
} from './player-wire';
import { clearReplicaSlot, createReplicaState, replicaStateBytes, type ReplicaState } from './replica-state';
import { MAX_PHASE, MAX_TICK, maxSnapshotBytes, PHASE_BITS } from './snapshot-format';

/**
 * Module-local names for the layout tables and helpers the slot loops use. As ES modules this
 * changes nothing; loaded through a CommonJS transform (a tool or script outside the package's
 * "type": "module") every use of an imported binding would be a getter call in the loop.
 */
const deltaBias = DELTA_BIAS;
const deltaKeeps = DELTA_KEEPS;
const deltaModulo = DELTA_MODULO;
const motionWire = MOTION_WIRE;
const recordWire = RECORD_WIRE;
const stateWire = STATE_WIRE;
const addFieldDelta = addDelta;
const isFieldDelta = isDeltaValue;
const readFieldValue = readValue;
const wrapFieldDelta = wrapDelta;

type FieldArray = Uint8Array | Int32Array | Uint32Array;

export type ApplyResult =
  | { readonly ok: true; readonly keyframe: boolean }
  | { readonly ok: false; readonly code: ErrorCode };

// Results are shared frozen objects: apply() allocates nothing, success or failure.
const OK_KEYFRAME: ApplyResult = Object.freeze({ ok: true, keyframe: true });
const OK_DELTA: ApplyResult = Object.freeze({ ok: true, keyframe: false });
const FAILURES = new Map<ErrorCode, ApplyResult>(
  Object.values(ErrorCode).map((code) => [code, Object.freeze({ ok: false, code })]),
);
function failure(code: ErrorCode): ApplyResult {
  const result = FAILURES.get(code);
  if (result === undefined) throw new Error(`no result for ${code}`);
  return result;
}

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
  private readonly nextMemory: MotionMemory;
  private readonly reader = new BitReader();
  /** The arena bytes behind state and its memory, and behind next + nextMemory. */
  private readonly stateBytes: Uint8Array;
  private readonly nextBytes: Uint8Array;
  private readonly slotBits: number;
  private readonly houseBits: number;
  private hasKeyframe = false;
  // Field tables of the scratch state and memory (player-wire.ts order), walked by index.
  private readonly nextRecord: FieldArray[];
  private readonly nextMotion: FieldArray[];
  private readonly nextMem: Int32Array[];
  /** The kept previous deltas alone ('motion' fields), as a keyframe carries them. */
  private readonly motionMem: Int32Array[];
  private readonly nextState: FieldArray[];
  /** A record's values and prevDeltas, read before any is committed to the scratch state. */
  private readonly values = new Float64Array(RECORD_FIELDS.length);
  private readonly prevDeltas = new Float64Array(Math.max(MOTION_FIELDS.length, DELTA_FIELDS.length));

  constructor(maxPlayers: number, houseCount: number) {
    // State and memory share one buffer, and so do their scratch copies: beginning and
    // committing a message is one byte copy each, whatever fields the list holds.
    const bytes = replicaStateBytes(maxPlayers, houseCount) + motionMemoryBytes(maxPlayers);
    const arena = new Arena(bytes);
    const nextArena = new Arena(bytes);
    // The state's own memory: only ever written by the commit's byte copy, so kept no name.
    createMotionMemory(maxPlayers, arena);
    this.nextMemory = createMotionMemory(maxPlayers, nextArena);
    this.state = createReplicaState(maxPlayers, houseCount, arena);
    this.next = createReplicaState(maxPlayers, houseCount, nextArena);
    this.stateBytes = arena.allBytes();
    this.nextBytes = nextArena.allBytes();
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.maxBytes = maxSnapshotBytes(maxPlayers, houseCount);
    this.slotBits = bitsFor(maxPlayers);
    this.houseBits = bitsFor(houseCount - 1);
    const next = this.next;
    this.nextRecord = RECORD_FIELDS.map((name) => next[name]);
    this.nextMotion = DELTA_FIELDS.map((name) => next[name]);
    // A 'step' field predicts no change: its "previous delta" is a row of zeros never written.
    const zeros = new Int32Array(maxPlayers);
    this.nextMem = DELTA_FIELDS.map((name, k) => (deltaKeeps[k] === 1 ? this.nextMemory[name as keyof MotionMemory] : zeros));
    this.motionMem = MOTION_FIELDS.map((name) => this.nextMemory[name]);
    this.nextState = STATE_FIELDS.map((name) => next[name]);
  }

  /** True once a keyframe has been applied (deltas are refused before that). */
  get synced(): boolean {
    return this.hasKeyframe;
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
    const n = this.next;
    const tick = r.readVarUint();
    const header = this.readWorldHeader();
    if (header !== null) return header;
    if (tick > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    n.tick = tick;
    const slotCount = r.readBits(this.slotBits);
    if (r.failed) return this.readFailure();
    if (slotCount > this.maxPlayers) return ErrorCode.PROTO_OUT_OF_RANGE;
    for (let s = 0; s < slotCount; s++) {
      if (r.readBit() === 0) continue;
      const error = this.readFullRecord(s, true);
      if (error !== null) return error;
    }
    const count = r.readVarUint();
    if (r.failed) return this.readFailure();
    if (count > this.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
    return readOrderEntries(this.reader, this.houseBits, this.next, count);
  }

  private readDelta(): ErrorCode | null {
    const r = this.reader;
    const n = this.next;
    const { nextMotion, nextMem } = this;
    const tick = n.tick + 1 + r.readVarUint();
    if (r.readBit() === 1) {
      const header = this.readWorldHeader();
      if (header !== null) return header;
    }
    if (r.failed) return this.readFailure();
    // Relative coding means a delta cannot go back in time; it can still run off the range.
    if (tick > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    n.tick = tick;
    const slotCount = r.readBits(this.slotBits);
    if (r.failed) return this.readFailure();
    if (slotCount > this.maxPlayers) return ErrorCode.PROTO_OUT_OF_RANGE;
    for (let s = 0; s < slotCount; s++) {
      const present = n.active[s] !== 0;
      if (r.readBit() === 0) {
        if (present) {
          for (let k = 0; k < nextMotion.length; k++) nextMotion[k][s] = addFieldDelta(nextMotion[k][s], nextMem[k][s], deltaModulo[k]);
        }
        continue;
      }
      const error = !present ? this.readFullRecord(s, false) : r.readBit() === 1 ? this.remove(s) : this.readChanged(s);
      if (error !== null) return error;
    }
    // The encoder covers every slot active before or after; a live slot past the count means
    // this delta was not made against our state.
    for (let s = slotCount; s < this.maxPlayers; s++) if (n.active[s] !== 0) return ErrorCode.PROTO_OUT_OF_RANGE;
    if (r.readBit() === 0) return r.failed ? this.readFailure() : null;
    const count = r.readVarUint();
    if (r.failed) return this.readFailure();
    if (count === 0 || count > this.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
    return readOrderEntries(this.reader, this.houseBits, this.next, count);
  }

  /** phase, phaseEndTick, round into `next`. */
  private readWorldHeader(): ErrorCode | null {
    const r = this.reader;
    const phase = r.readBits(PHASE_BITS);
    const phaseEndTick = r.readVarUint();
    const round = r.readVarUint();
    if (r.failed) return this.readFailure();
    if (phase > MAX_PHASE || phaseEndTick > MAX_TICK || round > MAX_TICK) return ErrorCode.PROTO_OUT_OF_RANGE;
    this.next.phase = phase as Phase;
    this.next.phaseEndTick = phaseEndTick;
    this.next.round = round;
    return null;
  }

  /** Full record (added player or keyframe). An added record's memory must be zero. */
  private readFullRecord(s: number, keyframe: boolean): ErrorCode | null {
    const r = this.reader;
    const { values, prevDeltas } = this;
    let bad = false;
    for (let k = 0; k < values.length; k++) {
      values[k] = readFieldValue(r, recordWire[k]);
      bad ||= Number.isNaN(values[k]);
    }
    let anyDelta = 0;
    const motionMem = this.motionMem;
    for (let k = 0; k < motionMem.length; k++) {
      const d = r.readSigned();
      prevDeltas[k] = d;
      bad ||= !isFieldDelta(d, motionWire[k].modulo);
      anyDelta |= d;
    }
    if (r.failed) return this.readFailure();
    if (bad || (!keyframe && anyDelta !== 0)) return ErrorCode.PROTO_OUT_OF_RANGE;
    this.next.active[s] = 1;
    for (let k = 0; k < values.length; k++) this.nextRecord[k][s] = values[k];
    for (let k = 0; k < motionMem.length; k++) motionMem[k][s] = prevDeltas[k];
    return null;
  }

  private remove(s: number): null {
    clearReplicaSlot(this.next, s);
    clearMotionSlot(this.nextMemory, s);
    return null;
  }

  /** Changed record: field mask, then the residuals of the masked fields (second or first differences). */
  private readChanged(s: number): ErrorCode | null {
    const r = this.reader;
    const { nextMotion, nextMem, nextState, prevDeltas: residuals, values } = this;
    const mask = r.readBits(FIELD_MASK_BITS);
    const motionCount = nextMotion.length;
    let bad = false;
    for (let k = 0; k < motionCount; k++) {
      const present = (mask >>> (FIELD_MASK_BITS - 1 - k)) & 1;
      const written = present === 1 ? r.readSigned() : 0;
      bad ||= !isFieldDelta(written, deltaModulo[k]);
      residuals[k] = present === 1 ? (written + deltaBias[k]) | 0 : 0;
    }
    const changed = (mask & 1) === 1;
    if (changed) {
      for (let k = 0; k < nextState.length; k++) {
        values[k] = readFieldValue(r, stateWire[k]);
        bad ||= Number.isNaN(values[k]);
      }
    }
    if (r.failed) return this.readFailure();
    if (bad) return ErrorCode.PROTO_OUT_OF_RANGE;
    for (let k = 0; k < motionCount; k++) {
      const modulo = deltaModulo[k];
      const delta = wrapFieldDelta(nextMem[k][s] + residuals[k], modulo);
      nextMotion[k][s] = addFieldDelta(nextMotion[k][s], delta, modulo);
      if (deltaKeeps[k] === 1) nextMem[k][s] = delta;
    }
    if (changed) for (let k = 0; k < nextState.length; k++) nextState[k][s] = values[k];
    return null;
  }

  /** The message must end in its last byte, padded with zero bits. */
  private checkEnd(): ErrorCode | null {
    const r = this.reader;
    const rest = r.remainingBits;
    if (rest >= 8) return ErrorCode.PROTO_OVERSIZED;
    return r.readBits(rest) === 0 ? null : ErrorCode.PROTO_OUT_OF_RANGE;
  }

  private readFailure(): ErrorCode {
    return this.reader.overrun ? ErrorCode.PROTO_TRUNCATED : ErrorCode.PROTO_OUT_OF_RANGE;
  }
}

function setScalars(to: ReplicaState, tick: number, phase: Phase, phaseEndTick: number, round: number): void {
  to.tick = tick;
  to.phase = phase;
  to.phaseEndTick = phaseEndTick;
  to.round = round;
}
