/**
 * The per-player part of a snapshot, write side: the slot count and every slot's record,
 * one bit for a slot exactly as predicted, else its field mask and residuals (PROTOCOL.md
 * §3.5-3.6, prediction §3.4); and the baseline's player block taking the world's values afterwards.
 * SnapshotEncoder writes the frame around it (code, tick, world header, orders).
 */
import type { BitWriter } from './bit-writer';
import type { MotionMemory } from './motion-memory';
import { asInt32, playerBlock, sameLayout, type FieldArray } from './player-block';
import {
  CODE_BITS,
  FIELD_MASK_BITS,
  DELTA_BIAS,
  DELTA_FIELDS,
  DELTA_KEEPS,
  MOTION_FIELDS,
  RECORD_FIELDS,
  RECORD_WIRE,
  STATE_FIELDS,
  STATE_WIRE,
  writeValue,
} from './player-wire';
import type { ReplicaState } from './replica-state';
import { ResidualPass } from './residual-pass';
import type { SnapshotSource } from './snapshot-source';
import { bitsFor } from './int-bits';

/**
 * Module-local names for the layout tables and helpers the slot loops use. As ES modules this
 * changes nothing; loaded through a CommonJS transform (a tool or script outside the package's
 * "type": "module") every use of an imported binding would be a getter call in the loop.
 */
const deltaBias = DELTA_BIAS;
const deltaKeeps = DELTA_KEEPS;
const stateWire = STATE_WIRE;
const recordWire = RECORD_WIRE;
const writeFieldValue = writeValue;

/** Record fields checked against their range on every encode (bits-coded: a bad value would not fit). */
const CHECKED = Int32Array.from(recordWire.flatMap((field, k) => (field.code === CODE_BITS ? [k] : [])));
const CHECKED_MAX = Int32Array.from(CHECKED, (k) => recordWire[k].max);
const motionCount = MOTION_FIELDS.length;
const maskBits = FIELD_MASK_BITS;

/**
 * Writes the player slots of one room's snapshots against the encoder's baseline and motion
 * memory, into the encoder's writer. Which fields a record holds and how each is coded comes
 * from player-wire.ts (derived from the field list), so nothing here names a player field.
 * Allocation-free after the first write: the field tables are made here and bound to the
 * world's arrays once.
 */
export class PlayerDeltaWriter {
  private readonly slotBits: number;
  // Per-field array tables, walked by index (no per-call allocation).
  private readonly baseRecord: FieldArray[];
  /**
   * Per delta field (player-wire.ts): the baseline's array and the world's, seen as int32 (a
   * uint32 field's bit pattern: its differences are taken as int32 anyway), so every pass
   * over them reads one array type; and the kept previous delta.
   */
  private readonly baseDelta: Int32Array[];
  private srcDelta: Int32Array[] = [];
  private readonly memDelta: Int32Array[];
  private readonly baseState: FieldArray[];
  /** The world's arrays, bound when the writer first sees a world object (one per room). */
  private readonly srcRecord: FieldArray[];
  private readonly srcState: FieldArray[];
  private boundWorld: SnapshotSource | null = null;
  /**
   * The baseline's networked player block as bytes, and the bound world's when it is laid out
   * the same way (createWorld and createReplicaState both do): the baseline update is then one
   * copy instead of one per field.
   */
  private readonly baseBlock: Uint8Array;
  private srcBlock: Uint8Array | null = null;
  private readonly residualPass: ResidualPass;

  constructor(
    private readonly maxPlayers: number,
    private readonly base: ReplicaState,
    mem: MotionMemory,
    private readonly writer: BitWriter,
  ) {
    this.slotBits = bitsFor(maxPlayers);
    this.baseRecord = RECORD_FIELDS.map((name) => base[name]);
    this.baseDelta = DELTA_FIELDS.map((name) => asInt32(base[name]));
    // A 'step' field predicts no change: its "previous delta" is a row of zeros never written.
    const zeros = new Int32Array(maxPlayers);
    this.memDelta = DELTA_FIELDS.map((name, k) => (deltaKeeps[k] === 1 ? mem[name as keyof MotionMemory] : zeros));
    this.baseState = STATE_FIELDS.map((name) => base[name]);
    this.srcRecord = [...this.baseRecord];
    this.srcState = [...this.baseState];
    this.baseBlock = playerBlock(base, maxPlayers);
    this.residualPass = new ResidualPass(maxPlayers);
  }

  /**
   * A delta's slots against the baseline, then the world's players become the baseline's.
   * Hot path (issue #3): the residuals are worked out field by field, in tight loops over the
   * slots that each read one array type, before the slot loop writes the bits; a slot exactly
   * as predicted then costs one bit.
   */
  writeDelta(world: SnapshotSource): void {
    const w = this.writer;
    const b = this.base;
    if (world !== this.boundWorld) this.bind(world);
    const { srcRecord, srcDelta, srcState, baseRecord, baseDelta, baseState, memDelta } = this;
    const { residuals, slotResidual, slotChanged } = this.residualPass;
    const n = this.maxPlayers;
    const active = world.active;
    const bActive = b.active;
    const slotCount = this.highestActive(active, bActive) + 1;

    this.residualPass.run(srcDelta, baseDelta, memDelta, srcState, baseState, slotCount);
    this.checkRanges(active, slotCount);

    w.writeBits(slotCount, this.slotBits);
    for (let s = 0; s < slotCount; s++) {
      const was = bActive[s] !== 0;
      if (active[s] === 0) {
        if (was) {
          w.writeBits(0b11, 2); // removed
          this.clearMemory(s);
        } else {
          w.writeBit(0);
        }
        continue;
      }
      if (!was) {
        // Added: a full record with empty prediction memory (every prevDelta se(0) = '1').
        w.writeBit(1);
        this.writeRecord(srcRecord, s);
        w.writeBits((1 << motionCount) - 1, motionCount);
        this.clearMemory(s);
        continue;
      }
      const changed = slotChanged[s] === 1;
      if (slotResidual[s] === 0 && !changed) {
        w.writeBit(0); // exactly as predicted
        continue;
      }
      let mask = 0b10; // changed, then the mask
      for (let k = 0; k < srcDelta.length; k++) mask = (mask << 1) | (residuals[k * n + s] !== 0 ? 1 : 0);
      w.writeBits((mask << 1) | (changed ? 1 : 0), 2 + maskBits);
      for (let k = 0; k < srcDelta.length; k++) {
        const r = residuals[k * n + s];
        if (r !== 0) w.writeSigned((r - deltaBias[k]) | 0);
      }
      if (changed) for (let k = 0; k < srcState.length; k++) writeFieldValue(w, stateWire[k], srcState[k][s]);
    }
    // The world becomes the baseline (a free slot is zero in both).
    if (this.srcBlock !== null) {
      this.baseBlock.set(this.srcBlock);
    } else {
      bActive.set(active);
      for (let k = 0; k < baseRecord.length; k++) baseRecord[k].set(srcRecord[k]);
    }
  }

  /** A keyframe's slots: every baseline record in full, with its kept previous deltas. */
  writeKeyframe(): void {
    const w = this.writer;
    const active = this.base.active;
    const memDelta = this.memDelta;
    const slotCount = this.highestActive(active, active) + 1;
    w.writeBits(slotCount, this.slotBits);
    for (let s = 0; s < slotCount; s++) {
      if (active[s] === 0) {
        w.writeBit(0);
        continue;
      }
      w.writeBit(1);
      this.writeRecord(this.baseRecord, s);
      for (let k = 0; k < memDelta.length; k++) if (deltaKeeps[k] === 1) w.writeSigned(memDelta[k][s]);
    }
  }

  /** A slot added or removed starts with empty prediction memory. */
  private clearMemory(s: number): void {
    for (let k = 0; k < this.memDelta.length; k++) if (deltaKeeps[k] === 1) this.memDelta[k][s] = 0;
  }

  /** A record's absolute values, in field-list order. */
  private writeRecord(arrays: FieldArray[], s: number): void {
    const w = this.writer;
    for (let k = 0; k < arrays.length; k++) writeFieldValue(w, recordWire[k], arrays[k][s]);
  }

  /** Points the src tables at a world's arrays; a room's encoder sees one world, so once. */
  private bind(world: SnapshotSource): void {
    for (let k = 0; k < RECORD_FIELDS.length; k++) this.srcRecord[k] = world[RECORD_FIELDS[k]];
    this.srcDelta = DELTA_FIELDS.map((name) => asInt32(world[name]));
    for (let k = 0; k < STATE_FIELDS.length; k++) this.srcState[k] = world[STATE_FIELDS[k]];
    this.srcBlock = sameLayout(world, this.base) ? playerBlock(world, this.maxPlayers) : null;
    this.boundWorld = world;
  }

  /** Our-bug check: a bits-coded value that would not fit its field (heading, carrying...). */
  private checkRanges(active: Uint8Array, slotCount: number): void {
    const src = this.srcRecord;
    for (let i = 0; i < CHECKED.length; i++) {
      const values = src[CHECKED[i]];
      const max = CHECKED_MAX[i];
      for (let s = 0; s < slotCount; s++) {
        // Bits-coded fields start at 0 (player-wire.ts checks), so one unsigned compare.
        if (values[s] >>> 0 > max && active[s] !== 0) {
          throw new RangeError(`slot ${s}: ${RECORD_FIELDS[CHECKED[i]]} ${values[s]} out of range`);
        }
      }
    }
  }

  private highestActive(a: Uint8Array, b: Uint8Array): number {
    for (let s = this.maxPlayers - 1; s >= 0; s--) if (a[s] !== 0 || b[s] !== 0) return s;
    return -1;
  }
}
