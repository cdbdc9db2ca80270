import { INPUT_FIELD_NAMES, INPUT_FIELDS, PLAYER_FIELDS, type FieldArrayKind, type InputFieldName } from '../sim/player-fields';

/**
 * What a round recording expects of an input field from one input to the next (issue 14): it
 * writes a field only when it is not what was expected, so a keep-alive costs a bit or two.
 * - 'hold': usually the same as the slot's previous input (buttons, a steering target);
 * - 'next': usually the previous value plus one (the input sequence number);
 * - 'steer': held like 'hold', and a change is coded as a turn on the aim grid (steer-code.ts).
 */
export type InputRecord = 'hold' | 'next' | 'steer';

/**
 * The recording's one addition to the sim's input list (player-fields.ts, INPUT_FIELDS):
 * typed over every InputFieldName, so an input field added there fails to compile here until
 * the recording says how to predict it. Everything else (kinds, ranges) comes from the list.
 */
const RECORD: { readonly [K in InputFieldName]: InputRecord } = {
  buttons: 'hold',
  steer: 'steer',
  seq: 'next',
  late: 'hold',
};

/** How the recording codes one input field. */
export interface RecordedInputSpec {
  readonly array: FieldArrayKind;
  /** Valid values, inclusive (those of the world field the input sets): a reader refuses others. */
  readonly min: number;
  readonly max: number;
  readonly record: InputRecord;
  /** A changed value is written whole (ue), not as a residual: held byte fields (buttons). */
  readonly whole: boolean;
  /** Bit mask that wraps the field's unsigned values (0xff, 0xffff, 0xffffffff). */
  readonly mask: number;
}

function specFor(name: InputFieldName): RecordedInputSpec {
  const { array, sets } = INPUT_FIELDS[name];
  const { min, max } = PLAYER_FIELDS[sets];
  const record = RECORD[name];
  const mask = array === 'u8' ? 0xff : array === 'u16' ? 0xffff : 0xffffffff;
  return { array, min, max, record, whole: record === 'hold' && array === 'u8', mask };
}

/** Per input field, in INPUT_FIELD_NAMES order (the order a recording writes them in). */
export const RECORDED_INPUTS: readonly RecordedInputSpec[] = Object.freeze(INPUT_FIELD_NAMES.map(specFor));

/** The spec of a named field. */
export function recordedInput(name: InputFieldName): RecordedInputSpec {
  return RECORDED_INPUTS[INPUT_FIELD_NAMES.indexOf(name)];
}

/** Wraps `value` into the field's range of bit patterns (int32 for i32 fields). */
export function wrapInput(spec: RecordedInputSpec, value: number): number {
  return spec.array === 'i32' ? value | 0 : spec.mask === 0xffffffff ? value >>> 0 : value & spec.mask;
}

/** What an input field is expected to be, given the slot's previous value. */
export function expectedInput(spec: RecordedInputSpec, previous: number): number {
  return spec.record === 'next' ? wrapInput(spec, previous + 1) : previous;
}
