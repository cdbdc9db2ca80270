import {
  DELTA_FIELD_NAMES,
  MOTION_FIELD_NAMES,
  NETWORKED_FIELD_NAMES,
  PLAYER_FIELDS,
  STATE_FIELD_NAMES,
  type DeltaFieldName,
  type FieldCode,
  type MotionFieldName,
  type NetworkedFieldName,
  type StateFieldName,
} from '../sim/player-fields';
import type { BitReader } from './bit-reader';
import type { BitWriter } from './bit-writer';
import { bitsFor, isInt32 } from './int-bits';

/**
 * The per-player part of the snapshot layout, derived from player-fields.ts: which fields a
 * record holds, in which order, each coded how. SnapshotEncoder and SnapshotDecoder walk these
 * tables instead of naming fields, so a field added to the list is carried without touching
 * either (PROTOCOL.md §3.5-3.6 describes the result).
 */

/** Codes as small integers for the hot loops. */
export const CODE_BITS = 0;
export const CODE_UE = 1;
export const CODE_SE = 2;

function codeNumber(code: FieldCode): number {
  return code === 'bits' ? CODE_BITS : code === 'ue' ? CODE_UE : CODE_SE;
}

/** Fields of a full record, in wire order: every networked field but the slot's presence. */
export type RecordFieldName = Exclude<NetworkedFieldName, 'active'>;
export const RECORD_FIELDS: readonly RecordFieldName[] = NETWORKED_FIELD_NAMES.filter(
  (name): name is RecordFieldName => PLAYER_FIELDS[name].wire !== 'slot',
);
/** Fields of a changed record's mask and residuals, in wire order ('motion' and 'step'). */
export const DELTA_FIELDS: readonly DeltaFieldName[] = DELTA_FIELD_NAMES;
/** The delta fields whose previous delta is kept (and carried by keyframes), in wire order. */
export const MOTION_FIELDS: readonly MotionFieldName[] = MOTION_FIELD_NAMES;
export const STATE_FIELDS: readonly StateFieldName[] = STATE_FIELD_NAMES;

/** Coding of one field, flattened for the loops. */
export interface WireField {
  readonly code: number;
  /** For CODE_BITS: width of u(n). */
  readonly bits: number;
  readonly min: number;
  readonly max: number;
  /** Power-of-two modulus of the value (0: int32 arithmetic). */
  readonly modulo: number;
}

export function wireFieldOf(name: RecordFieldName): WireField {
  const spec = PLAYER_FIELDS[name];
  const modulo = 'modulo' in spec ? spec.modulo : 0;
  if (modulo !== 0 && (modulo & (modulo - 1)) !== 0) throw new Error(`${name}: modulo must be a power of two`);
  if (spec.code === 'bits' && spec.min !== 0) throw new Error(`${name}: a bits-coded field starts at 0`);
  return { code: codeNumber(spec.code), bits: bitsFor(spec.max), min: spec.min, max: spec.max, modulo };
}

export const RECORD_WIRE: readonly WireField[] = RECORD_FIELDS.map(wireFieldOf);
export const DELTA_WIRE: readonly WireField[] = DELTA_FIELDS.map(wireFieldOf);
export const MOTION_WIRE: readonly WireField[] = MOTION_FIELDS.map(wireFieldOf);
export const STATE_WIRE: readonly WireField[] = STATE_FIELDS.map(wireFieldOf);
/** DELTA_WIRE's moduli as a typed array, for the per-slot loops. */
export const DELTA_MODULO = Int32Array.from(DELTA_WIRE, (field) => field.modulo);
/** Per delta field: 1 when its previous delta is kept ('motion'), 0 when predicted unchanged ('step'). */
export const DELTA_KEEPS = Uint8Array.from(DELTA_FIELDS, (name) => (PLAYER_FIELDS[name].wire === 'motion' ? 1 : 0));
/**
 * Per delta field: what a present residual is written minus. A 'step' field that moved almost
 * always moved by +1 (the next input), so it is written as se(delta - 1): one bit, not three.
 */
export const DELTA_BIAS = Int32Array.from(DELTA_KEEPS, (keeps) => (keeps === 1 ? 0 : 1));
/** Bits of a changed record's mask: one per delta field, then one for the state group. */
export const FIELD_MASK_BITS = DELTA_FIELDS.length + 1;
/** Worst-case bits of a full record (every value and prevDelta at its longest code). */
export const MAX_RECORD_BITS =
  RECORD_WIRE.reduce((sum, f) => sum + (f.code === CODE_BITS ? f.bits : 65), 0) + MOTION_WIRE.length * 65;


/**
 * A difference in the field's arithmetic: wrapped into [-m/2, m/2) for a modulo field, int32
 * otherwise (a uint32 field's difference is the int32 of its bit patterns).
 */
export function wrapDelta(value: number, modulo: number): number {
  if (modulo === 0) return value | 0;
  const half = modulo >> 1;
  return ((value + half) & (modulo - 1)) - half;
}

/** value + delta in the field's arithmetic (the typed array store finishes a uint32 wrap). */
export function addDelta(value: number, delta: number, modulo: number): number {
  return modulo === 0 ? (value + delta) | 0 : (value + delta) & (modulo - 1);
}

export function writeValue(w: BitWriter, field: WireField, value: number): void {
  if (field.code === CODE_BITS) w.writeBits(value, field.bits);
  else if (field.code === CODE_UE) w.writeVarUint(value);
  else w.writeSigned(value);
}

/** Reads one value; NaN when it is outside the field's range (check reader.failed too). */
export function readValue(r: BitReader, field: WireField): number {
  const value = field.code === CODE_BITS ? r.readBits(field.bits) : field.code === CODE_UE ? r.readVarUint() : r.readSigned();
  return value >= field.min && value <= field.max ? value : Number.NaN;
}

/** A residual or prevDelta within the field's arithmetic. */
export function isDeltaValue(value: number, modulo: number): boolean {
  return modulo === 0 ? isInt32(value) : value === wrapDelta(value, modulo);
}
