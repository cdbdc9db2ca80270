import { Arena } from '../sim/arena';
import type { NetworkedFieldName } from '../sim/player-fields';
import type { World } from '../sim/world';
import { BitWriter } from './bit-writer';
import { bitsFor } from './int-bits';
import { createMotionMemory, motionMemoryBytes, type MotionMemory } from './motion-memory';
import { MsgCode } from './msg-code';
import { asInt32, playerBlock, sameLayout, type FieldArray } from './player-block';
import { ResidualPass } from './residual-pass';
import { writeChangedOrders, writeOrderEntry } from './order-entries';
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
import { createReplicaState, replicaStateBytes, type ReplicaState } from './replica-state';
import { MAX_PHASE, MAX_TICK, PHASE_BITS } from './snapshot-format';

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

/** The parts of World a snapshot reads (tests build these without a city). */
export type SnapshotSource = Pick<
  World,
  'tick' | 'phase' | 'phaseEndTick' | 'round' | 'maxPlayers' | NetworkedFieldName | 'orderExpireTick' | 'orderPlacedTick'
>;

/** Record fields checked against their range on every encode (bits-coded: a bad value would not fit). */
const CHECKED = Int32Array.from(recordWire.flatMap((field, k) => (field.code === CODE_BITS ? [k] : [])));
const CHECKED_MAX = Int32Array.from(CHECKED, (k) => recordWire[k].max);
const motionCount = MOTION_FIELDS.length;
const maskBits = FIELD_MASK_BITS;

/**
 * Encodes one room's snapshots: a delta against the baseline (what the previous encode sent)
 * or a keyframe. One encoder per room; each encode's bytes go to every socket of the room.
 * Which fields a player record holds and how each is coded comes from player-wire.ts (derived
 * from the field list), so nothing here names a player field. Steady state allocates nothing:
 * the baseline and prediction memory are typed arrays made here, and the writer's buffer only
 * grows while the room grows. Layout: PROTOCOL.md.
 */
export class SnapshotEncoder {
  readonly maxPlayers: number;
  readonly houseCount: number;
  private readonly base: ReplicaState;
  private readonly mem: MotionMemory;
  private readonly writer: BitWriter;
  private readonly slotBits: number;
  private readonly houseBits: number;
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
  /** The world's arrays, bound when the encoder first sees a world object (one per room). */
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

  constructor(maxPlayers: number, houseCount: number) {
    if (!Number.isInteger(maxPlayers) || maxPlayers < 1) throw new RangeError(`maxPlayers must be >= 1: ${maxPlayers}`);
    if (!Number.isInteger(houseCount) || houseCount < 0) throw new RangeError(`houseCount must be >= 0: ${houseCount}`);
    // Baseline and prediction memory share one buffer, so an encode touches a few adjacent
    // cache lines per room instead of scattered arrays (issue #3).
    const arena = new Arena(motionMemoryBytes(maxPlayers) + replicaStateBytes(maxPlayers, houseCount));
    this.mem = createMotionMemory(maxPlayers, arena);
    this.base = createReplicaState(maxPlayers, houseCount, arena);
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.writer = new BitWriter(64 + maxPlayers * 8);
    this.slotBits = bitsFor(maxPlayers);
    this.houseBits = bitsFor(houseCount - 1);
    const base = this.base;
    this.baseRecord = RECORD_FIELDS.map((name) => base[name]);
    this.baseDelta = DELTA_FIELDS.map((name) => asInt32(base[name]));
    // A 'step' field predicts no change: its "previous delta" is a row of zeros never written.
    const zeros = new Int32Array(maxPlayers);
    this.memDelta = DELTA_FIELDS.map((name, k) => (deltaKeeps[k] === 1 ? this.mem[name as keyof MotionMemory] : zeros));
    this.baseState = STATE_FIELDS.map((name) => base[name]);
    this.srcRecord = [...this.baseRecord];
    this.srcState = [...this.baseState];
    this.baseBlock = playerBlock(base, maxPlayers);
    this.residualPass = new ResidualPass(maxPlayers);
  }

  /** Current buffer size, for tests and metrics. */
  get bufferBytes(): number {
    return this.writer.capacityBytes;
  }

  /**
   * Delta vs the baseline, then the world becomes the baseline. The tick must advance (the
   * first call needs world.tick >= 1; the empty initial baseline is at tick 0). Returns a view
   * into the internal buffer, valid until the next encode call.
   */
  encodeDelta(world: SnapshotSource): Uint8Array {
    this.checkWorld(world);
    if (world.tick <= this.base.tick) {
      throw new RangeError(`delta must advance the tick: ${world.tick} after ${this.base.tick}`);
    }
    const w = this.writer;
    w.reset();
    w.writeBits(MsgCode.Snapshot, 8);
    w.writeVarUint(world.tick - this.base.tick - 1);
    const b = this.base;
    if (world.phase !== b.phase || world.phaseEndTick !== b.phaseEndTick || world.round !== b.round) {
      w.writeBit(1);
      w.writeBits(world.phase, PHASE_BITS);
      w.writeVarUint(world.phaseEndTick);
      w.writeVarUint(world.round);
    } else {
      w.writeBit(0);
    }
    this.writeDeltaBody(world);
    return w.finish();
  }

  /** Full state of the world, which also becomes the baseline (periodic keyframe to the room). */
  encodeKeyframe(world: SnapshotSource): Uint8Array {
    this.checkWorld(world);
    // Run the delta pass only for its baseline and memory update (its bytes are discarded),
    // so the memory a keyframe carries is exactly what a delta would have left behind.
    this.writer.reset();
    this.writeDeltaBody(world);
    return this.encodeBaselineKeyframe();
  }

  /** Full state of the baseline (what the last encode produced), for a joiner. */
  encodeBaselineKeyframe(): Uint8Array {
    const w = this.writer;
    const b = this.base;
    w.reset();
    w.writeBits(MsgCode.Keyframe, 8);
    w.writeVarUint(b.tick);
    w.writeBits(b.phase, PHASE_BITS);
    w.writeVarUint(b.phaseEndTick);
    w.writeVarUint(b.round);
    const slotCount = this.highestActive(b.active, b.active) + 1;
    w.writeBits(slotCount, this.slotBits);
    for (let s = 0; s < slotCount; s++) {
      if (b.active[s] === 0) {
        w.writeBit(0);
        continue;
      }
      w.writeBit(1);
      this.writeRecord(this.baseRecord, s);
      for (let k = 0; k < this.memDelta.length; k++) if (deltaKeeps[k] === 1) w.writeSigned(this.memDelta[k][s]);
    }
    let count = 0;
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) count++;
    }
    w.writeVarUint(count);
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) writeOrderEntry(w, this.houseBits, b, h);
    }
    return w.finish();
  }

  /**
   * Slots, orders, and the baseline update shared by deltas and keyframes. Hot path (issue #3):
   * the residuals are worked out field by field, in tight loops over the slots that each read
   * one array type, before the slot loop writes the bits; a slot exactly as predicted then
   * costs one bit.
   */
  private writeDeltaBody(world: SnapshotSource): void {
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

    b.tick = world.tick;
    b.phase = world.phase;
    b.phaseEndTick = world.phaseEndTick;
    b.round = world.round;
    writeChangedOrders(w, this.houseBits, world, b);
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

  /** Our-bug checks: a world of another shape or header values outside the wire's ranges. */
  private checkWorld(world: SnapshotSource): void {
    if (world.maxPlayers !== this.maxPlayers || world.orderExpireTick.length !== this.houseCount) {
      throw new RangeError('world shape does not match the encoder');
    }
    const { tick, phase, phaseEndTick, round } = world;
    if (!(isTickValue(tick) && isTickValue(phaseEndTick) && isTickValue(round))) {
      throw new RangeError(`tick/phaseEndTick/round out of range: ${tick} ${phaseEndTick} ${round}`);
    }
    if (!Number.isInteger(phase) || phase < 0 || phase > MAX_PHASE) throw new RangeError(`phase out of range: ${phase}`);
  }
}

function isTickValue(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_TICK;
}
