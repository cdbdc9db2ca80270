/**
 * The per-player part of a snapshot, read side: the slot count and every slot's record —
 * predicted, added, removed or changed (field mask and residuals) — read into the decoder's
 * scratch state and motion memory (PROTOCOL.md §3.5-3.6, prediction §3.4). SnapshotDecoder
 * reads the frame around it and commits the scratch copy only when the whole message is valid.
 */
import type { BitReader } from './bit-reader';
import { readFailure } from './apply-result';
import { ErrorCode } from './error-code';
import { bitsFor } from './int-bits';
import { clearMotionSlot, type MotionMemory } from './motion-memory';
import type { FieldArray } from './player-block';
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
import { clearReplicaSlot, type ReplicaState } from './replica-state';

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

/**
 * Reads the player slots of Keyframe and Snapshot messages into `next` and its memory.
 * Every count read from the wire is checked against maxPlayers before it drives a loop; a
 * record's values are all read and checked before any reaches the scratch state.
 */
export class PlayerRecordReader {
  private readonly slotBits: number;
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

  constructor(
    private readonly maxPlayers: number,
    private readonly next: ReplicaState,
    private readonly nextMemory: MotionMemory,
    private readonly reader: BitReader,
  ) {
    this.slotBits = bitsFor(maxPlayers);
    this.nextRecord = RECORD_FIELDS.map((name) => next[name]);
    this.nextMotion = DELTA_FIELDS.map((name) => next[name]);
    // A 'step' field predicts no change: its "previous delta" is a row of zeros never written.
    const zeros = new Int32Array(maxPlayers);
    this.nextMem = DELTA_FIELDS.map((name, k) => (deltaKeeps[k] === 1 ? nextMemory[name as keyof MotionMemory] : zeros));
    this.motionMem = MOTION_FIELDS.map((name) => nextMemory[name]);
    this.nextState = STATE_FIELDS.map((name) => next[name]);
  }

  /** A keyframe's slots: full records with their previous deltas. */
  readKeyframe(): ErrorCode | null {
    const r = this.reader;
    const slotCount = r.readBits(this.slotBits);
    if (r.failed) return readFailure(r);
    if (slotCount > this.maxPlayers) return ErrorCode.PROTO_OUT_OF_RANGE;
    for (let s = 0; s < slotCount; s++) {
      if (r.readBit() === 0) continue;
      const error = this.readFullRecord(s, true);
      if (error !== null) return error;
    }
    return null;
  }

  /** A delta's slots against the scratch state (a copy of the committed one). */
  readDelta(): ErrorCode | null {
    const r = this.reader;
    const n = this.next;
    const { nextMotion, nextMem } = this;
    const slotCount = r.readBits(this.slotBits);
    if (r.failed) return readFailure(r);
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
    if (r.failed) return readFailure(r);
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
    if (r.failed) return readFailure(r);
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
}
