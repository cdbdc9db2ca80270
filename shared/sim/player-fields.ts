import { Arena } from './arena';
import { BUTTON_MASK, HEADING_STEPS, MAX_CARRY } from './constants';
import { STEER_MAX } from './steering';

/** Element type of a per-player typed array. */
export type FieldArrayKind = 'u8' | 'u16' | 'i32' | 'u32';

/**
 * How a snapshot carries a field (PROTOCOL.md §3.4-3.6). shared/protocol reads this; the
 * simulation itself never looks at it.
 * - 'slot': whether the slot holds a player (the record's presence, not a value of its own);
 * - 'motion': predicted from its previous delta, so a delta sends only the second difference
 *   (a scooter at steady speed and turn rate costs nothing);
 * - 'step': predicted unchanged, so a delta sends the first difference (a value that moves in
 *   steps now and then, like the acked input seq under inputs sent on change);
 * - 'state': sent as an absolute value in the record's state group whenever one of them changes;
 * - 'server': kept by the server only.
 */
export type FieldWire = 'slot' | 'motion' | 'step' | 'state' | 'server';

/**
 * How an absolute value is written: 'bits' = u(n) with n the bits of `max`; 'ue' unsigned
 * Exp-Golomb; 'se' signed (zigzag) Exp-Golomb.
 */
export type FieldCode = 'bits' | 'ue' | 'se';

export interface PlayerFieldSpec {
  readonly array: FieldArrayKind;
  readonly wire: FieldWire;
  readonly code: FieldCode;
  /** Valid values, inclusive: the encoder refuses others (our bug) and the decoder rejects them. */
  readonly min: number;
  readonly max: number;
  /**
   * Values live modulo this power of two (heading): differences wrap into [-m/2, m/2). Absent:
   * int32 arithmetic (uint32 fields wrap the same way, as their bit patterns).
   */
  readonly modulo?: number;
}

const INT32 = { min: -0x80000000, max: 0x7fffffff } as const;

/**
 * Every per-player field, once (issue 11 §1): the World, the client's replica, the codec's
 * motion memory and the encoder and decoder are all derived from this list, so adding a field
 * is one line here plus its meaning. The order is the wire order of a record's fields.
 */
export const PLAYER_FIELDS = {
  /** 1 when the slot holds a player (connected or within the resume grace period). */
  active: { array: 'u8', wire: 'slot', code: 'bits', min: 0, max: 1 },
  /** 1 while the player's connection is up; a dropped player's scooter stays, parked. */
  connected: { array: 'u8', wire: 'state', code: 'bits', min: 0, max: 1 },
  /** Position, position quanta (1/POSITION_SCALE world units). */
  px: { array: 'i32', wire: 'motion', code: 'se', ...INT32 },
  py: { array: 'i32', wire: 'motion', code: 'se', ...INT32 },
  /** Heading, 0..HEADING_STEPS-1. */
  heading: { array: 'i32', wire: 'motion', code: 'bits', min: 0, max: HEADING_STEPS - 1, modulo: HEADING_STEPS },
  /** Signed speed along the heading, speed quanta. */
  speed: { array: 'i32', wire: 'motion', code: 'se', ...INT32 },
  /**
   * Sequence number of the last input applied: the input whose buttons the server holds now.
   * Inputs come on change (protocol version 2), so it moves in steps: one residual per input,
   * not the +1/-1 pair a second difference would cost.
   */
  ackSeq: { array: 'u32', wire: 'step', code: 'ue', min: 0, max: 0xffffffff },
  /**
   * Ticks the input ackSeq was applied after the tick it was stamped for (0 = on time). With
   * ackSeq it tells the client exactly which input the server holds and from which tick.
   */
  ackLate: { array: 'u8', wire: 'state', code: 'ue', min: 0, max: 255 },
  /** Pizzas carried, 0..MAX_CARRY. */
  carrying: { array: 'u8', wire: 'state', code: 'bits', min: 0, max: MAX_CARRY },
  score: { array: 'i32', wire: 'state', code: 'se', ...INT32 },
  /** Buttons held, as last applied; kept until the next input takes effect. */
  buttons: { array: 'u8', wire: 'server', code: 'bits', min: 0, max: BUTTON_MASK },
  /**
   * Point-to-steer target held, as last applied (protocol version 3, steering.ts): 0 = none
   * (the buttons steer), else target heading | throttle << 12. Kept like the buttons.
   */
  steer: { array: 'u16', wire: 'server', code: 'bits', min: 0, max: STEER_MAX },
  deliveries: { array: 'i32', wire: 'server', code: 'se', ...INT32 },
} as const satisfies Record<string, PlayerFieldSpec>;

type Fields = typeof PLAYER_FIELDS;
export type PlayerFieldName = keyof Fields;

type ArrayOf<K extends FieldArrayKind> = K extends 'u8' ? Uint8Array : K extends 'u16' ? Uint16Array : K extends 'i32' ? Int32Array : Uint32Array;
type AnyFieldArray = Uint8Array | Uint16Array | Int32Array | Uint32Array;

/** The typed arrays of the named fields, one element per slot. */
export type PlayerArrays<N extends PlayerFieldName = PlayerFieldName> = { readonly [K in N]: ArrayOf<Fields[K]['array']> };

type NamesWhere<W extends FieldWire> = { [K in PlayerFieldName]: Fields[K]['wire'] extends W ? K : never }[PlayerFieldName];
/** Fields a snapshot carries (all but 'server'). */
export type NetworkedFieldName = NamesWhere<'slot' | 'motion' | 'step' | 'state'>;
/** Fields a changed record codes as residuals, one mask bit each ('motion' and 'step'). */
export type DeltaFieldName = NamesWhere<'motion' | 'step'>;
/** Fields predicted from their previous delta (the codec keeps that delta per slot). */
export type MotionFieldName = NamesWhere<'motion'>;
/** Fields of a record's state group. */
export type StateFieldName = NamesWhere<'state'>;

function namesWhere<N extends PlayerFieldName>(test: (spec: PlayerFieldSpec) => boolean): readonly N[] {
  return Object.freeze((Object.keys(PLAYER_FIELDS) as PlayerFieldName[]).filter((name) => test(PLAYER_FIELDS[name])) as N[]);
}

export const PLAYER_FIELD_NAMES: readonly PlayerFieldName[] = namesWhere(() => true);
export const NETWORKED_FIELD_NAMES: readonly NetworkedFieldName[] = namesWhere((spec) => spec.wire !== 'server');
/** Fields kept by the server only. */
export const SERVER_FIELD_NAMES: readonly PlayerFieldName[] = namesWhere((spec) => spec.wire === 'server');
export const DELTA_FIELD_NAMES: readonly DeltaFieldName[] = namesWhere((spec) => spec.wire === 'motion' || spec.wire === 'step');
export const MOTION_FIELD_NAMES: readonly MotionFieldName[] = namesWhere((spec) => spec.wire === 'motion');
export const STATE_FIELD_NAMES: readonly StateFieldName[] = namesWhere((spec) => spec.wire === 'state');

function elementBytes(kind: FieldArrayKind): number {
  return kind === 'u8' ? 1 : kind === 'u16' ? 2 : 4;
}

/** Bytes of one array block for these element kinds, padded to 4 so a block of 4-byte arrays may follow. */
function blockBytes(kinds: readonly FieldArrayKind[], slots: number): number {
  let bytes = 0;
  for (const kind of kinds) bytes += elementBytes(kind) * slots;
  return Math.ceil(bytes / 4) * 4;
}

/**
 * Cuts one typed array per name from `arena`, widest elements first (the arena's alignment
 * rule), then pads the block to 4 bytes; returns them keyed by name, in `names` order.
 */
function allocateBlock(arena: Arena, names: readonly string[], kindOf: (name: string) => FieldArrayKind, slots: number): Record<string, AnyFieldArray> {
  const out: Record<string, AnyFieldArray> = {};
  let bytes = 0;
  for (const width of [4, 2, 1]) {
    for (const name of names) {
      const kind = kindOf(name);
      if (elementBytes(kind) !== width) continue;
      out[name] = kind === 'u8' ? arena.uint8(slots) : kind === 'u16' ? arena.uint16(slots) : kind === 'i32' ? arena.int32(slots) : arena.uint32(slots);
      bytes += width * slots;
    }
  }
  const padding = blockBytes(names.map(kindOf), slots) - bytes;
  if (padding > 0) arena.uint8(padding);
  // Re-insert in list order: code that walks the object sees the fields in wire order.
  const ordered: Record<string, AnyFieldArray> = {};
  for (const name of names) ordered[name] = out[name];
  return ordered;
}

/**
 * Arena bytes the named fields need for `slots` players: one block, padded to 4 bytes so a
 * block of 4-byte arrays may follow it.
 */
export function playerArraysBytes(names: readonly PlayerFieldName[], slots: number): number {
  return blockBytes(names.map((name) => PLAYER_FIELDS[name].array), slots);
}

/**
 * Cuts the named fields' arrays from `arena` as one block of playerArraysBytes, 4-byte ones
 * first (the arena's alignment rule), so a slot's fields sit a few cache lines apart instead
 * of in scattered allocations. The same names give the same layout, whoever allocates them:
 * the world's networked block can be copied into a replica's in one go.
 */
export function allocatePlayerArrays<N extends PlayerFieldName>(arena: Arena, names: readonly N[], slots: number): PlayerArrays<N> {
  return allocateBlock(arena, names, (name) => PLAYER_FIELDS[name as N].array, slots) as unknown as PlayerArrays<N>;
}

/** Zeroes one slot of every named field (a freed slot, or one about to be filled). */
export function clearPlayerSlot<N extends PlayerFieldName>(arrays: PlayerArrays<N>, names: readonly N[], slot: number): void {
  for (let i = 0; i < names.length; i++) arrays[names[i]][slot] = 0;
}

/** Copies the named fields, every slot (same sizes; no allocation). */
export function copyPlayerArrays<N extends PlayerFieldName>(from: PlayerArrays<N>, to: PlayerArrays<N>, names: readonly N[]): void {
  for (let i = 0; i < names.length; i++) to[names[i]].set(from[names[i]]);
}

/** Zeroes the named fields, every slot. */
export function clearPlayerArrays<N extends PlayerFieldName>(arrays: PlayerArrays<N>, names: readonly N[]): void {
  for (let i = 0; i < names.length; i++) arrays[names[i]].fill(0);
}

/**
 * Every per-slot field of a tick's input, once (issue 12): the server's InputFrame and
 * anything that stores or replays inputs (a round recorder, tests) are derived from this
 * list, and step() copies each into the world field it `sets` when the slot has an input that
 * tick (spelled out there for speed; player-fields.test.ts fails if a field is missing).
 * Array kinds equal those of the fields they set (tested).
 * - 'control': what the scooter does; held by the world until the next input, zeroed while
 *   the player is disconnected;
 * - 'ack': what the snapshot reports back about the input (which one, how late).
 */
export interface InputFieldSpec {
  readonly array: FieldArrayKind;
  readonly sets: PlayerFieldName;
  readonly role: 'control' | 'ack';
}

export const INPUT_FIELDS = {
  /** Button bits (tank steering); 0 while point-steering. */
  buttons: { array: 'u8', sets: 'buttons', role: 'control' },
  /** Point-to-steer target and throttle (steering.ts); 0 while steering by buttons. */
  steer: { array: 'u16', sets: 'steer', role: 'control' },
  /** The input's sequence number. */
  seq: { array: 'u32', sets: 'ackSeq', role: 'ack' },
  /** Ticks it is applied after the tick it was stamped for (0 = on time), up to 255. */
  late: { array: 'u8', sets: 'ackLate', role: 'ack' },
} as const satisfies Record<string, InputFieldSpec>;

type InputFields = typeof INPUT_FIELDS;
export type InputFieldName = keyof InputFields;
/** The typed arrays of every input field, one element per slot. */
export type InputArrays = { readonly [K in InputFieldName]: ArrayOf<InputFields[K]['array']> };

export const INPUT_FIELD_NAMES: readonly InputFieldName[] = Object.freeze(Object.keys(INPUT_FIELDS) as InputFieldName[]);
/** The world fields a slot's input holds (the 'control' role): zeroed when its player drops. */
export const CONTROL_FIELD_NAMES: readonly PlayerFieldName[] = Object.freeze(
  INPUT_FIELD_NAMES.filter((name) => INPUT_FIELDS[name].role === 'control').map((name) => INPUT_FIELDS[name].sets),
);

/** Arena bytes of the input fields' arrays for `slots` players (one block, padded to 4). */
export function inputArraysBytes(slots: number): number {
  return blockBytes(INPUT_FIELD_NAMES.map((name) => INPUT_FIELDS[name].array), slots);
}

/** Cuts the input fields' arrays from `arena` (see allocatePlayerArrays). */
export function allocateInputArrays(arena: Arena, slots: number): InputArrays {
  return allocateBlock(arena, INPUT_FIELD_NAMES, (name) => INPUT_FIELDS[name as InputFieldName].array, slots) as unknown as InputArrays;
}
