import { Arena } from './arena';

/** Element type of a per-slot input array. */
export type InputArrayKind = 'u8' | 'u32' | 'i32';

/**
 * What a round recording expects of the field from one input to the next (issue 14): it writes
 * a field only when it is not what was expected, so a keep-alive costs a bit or two.
 * - 'hold': usually the same as the slot's previous input (buttons, a steering target);
 * - 'next': usually the previous value plus one (the input sequence number).
 * The simulation itself never looks at it.
 */
export type InputRecord = 'hold' | 'next';

export interface InputFieldSpec {
  readonly array: InputArrayKind;
  /** Valid values, inclusive: a recording refuses to decode others. */
  readonly min: number;
  readonly max: number;
  readonly record: InputRecord;
}

/**
 * Every per-slot field of one tick's input that step() consumes, once: the InputFrame, and the
 * round recorder and replayer (shared/replay) are derived from this list, so an input field
 * added here is recorded and replayed with no other change. `has` (the slot has an input this
 * tick) is the frame's presence flag, not a field of its own.
 */
export const INPUT_FIELDS = {
  /** Button bits as received (step masks them with BUTTON_MASK). */
  buttons: { array: 'u8', min: 0, max: 0xff, record: 'hold' },
  /** Sequence number of the input: becomes the slot's ackSeq. */
  seq: { array: 'u32', min: 0, max: 0xffffffff, record: 'next' },
  /** Ticks the input is applied after the tick it was stamped for (0 = on time), up to 255. */
  late: { array: 'u8', min: 0, max: 255, record: 'hold' },
} as const satisfies Record<string, InputFieldSpec>;

type Fields = typeof INPUT_FIELDS;
export type InputFieldName = keyof Fields;

type ArrayOf<K extends InputArrayKind> = K extends 'u8' ? Uint8Array : K extends 'i32' ? Int32Array : Uint32Array;

/** One tick's inputs, per slot; the server fills and reuses one of these per room. */
export type InputFrame = {
  /** 1 when the slot has an input this tick. */
  readonly has: Uint8Array;
} & { readonly [K in InputFieldName]: ArrayOf<Fields[K]['array']> };

/** The field names in declaration order (the order a recording writes them in). */
export const INPUT_FIELD_NAMES: readonly InputFieldName[] = Object.freeze(Object.keys(INPUT_FIELDS) as InputFieldName[]);

/** A field's spec, widened (the literal types of INPUT_FIELDS are narrower than InputFieldSpec). */
export function specOf(name: InputFieldName): InputFieldSpec {
  return INPUT_FIELDS[name];
}

export function createInputFrame(maxPlayers: number): InputFrame {
  const wide = INPUT_FIELD_NAMES.filter((name) => specOf(name).array !== 'u8');
  const narrow = INPUT_FIELD_NAMES.filter((name) => specOf(name).array === 'u8');
  // One buffer, 4-byte arrays first (the arena's alignment rule), then `has` and the bytes.
  const arena = new Arena(Arena.bytesFor(wide.length * maxPlayers, (narrow.length + 1) * maxPlayers));
  const frame: Record<string, Uint8Array | Uint32Array | Int32Array> = {};
  for (const name of wide) frame[name] = specOf(name).array === 'i32' ? arena.int32(maxPlayers) : arena.uint32(maxPlayers);
  frame.has = arena.uint8(maxPlayers);
  for (const name of narrow) frame[name] = arena.uint8(maxPlayers);
  return frame as unknown as InputFrame;
}
