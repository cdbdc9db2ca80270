import { Arena } from '../sim/arena';
import type { NetworkedFieldName } from '../sim/player-fields';
import type { World } from '../sim/world';
import { BitWriter } from './bit-writer';
import { bitsFor } from './int-bits';
import { clearMotionSlot, createMotionMemory, motionMemoryBytes, type MotionMemory } from './motion-memory';
import { MsgCode } from './msg-code';
import { writeChangedOrders, writeOrderEntry } from './order-entries';
import {
  CODE_BITS,
  FIELD_MASK_BITS,
  DELTA_BIAS,
  DELTA_FIELDS,
  DELTA_KEEPS,
  DELTA_MODULO,
  MOTION_FIELDS,
  RECORD_FIELDS,
  RECORD_WIRE,
  STATE_FIELDS,
  STATE_WIRE,
  wrapDelta,
  writeValue,
} from './player-wire';
import { clearReplicaSlot, createReplicaState, replicaStateBytes, type ReplicaState } from './replica-state';
import { MAX_PHASE, MAX_TICK, PHASE_BITS } from './snapshot-format';

/**
 * Module-local bindings of the layout tables and helpers the slot loops use: under a CommonJS
 * transform (tsx) every use of an imported binding is a getter call, which measured as a third
 * of an encode.
 */
const deltaBias = DELTA_BIAS;
const deltaKeeps = DELTA_KEEPS;
const deltaModulo = DELTA_MODULO;
const stateWire = STATE_WIRE;
const recordWire = RECORD_WIRE;
const wrapFieldDelta = wrapDelta;
const writeFieldValue = writeValue;

/** The parts of World a snapshot reads (tests build these without a city). */
export type SnapshotSource = Pick<
  World,
  'tick' | 'phase' | 'phaseEndTick' | 'round' | 'maxPlayers' | NetworkedFieldName | 'orderExpireTick' | 'orderPlacedTick'
>;

type FieldArray = Uint8Array | Int32Array | Uint32Array;

/** Record fields checked against their range on every encode (bits-coded: a bad value would not fit). */
const CHECKED = Int32Array.from(recordWire.flatMap((field, k) => (field.code === CODE_BITS ? [k] : [])));
const CHECKED_MAX = Int32Array.from(CHECKED, (k) => recordWire[k].max);

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
  // Per-field array tables, walked by index in the slot loop (no per-call allocation).
  private readonly baseRecord: FieldArray[];
  /** Per delta field (player-wire.ts): the baseline's array, and its kept previous delta. */
  private readonly baseMotion: FieldArray[];
  private readonly memMotion: Int32Array[];
  private readonly baseState: FieldArray[];
  /** The world's arrays, bound at the start of each encode. */
  private readonly srcRecord: FieldArray[];
  private readonly srcMotion: FieldArray[];
  private readonly srcState: FieldArray[];
  private readonly deltas = new Int32Array(DELTA_FIELDS.length);
  private readonly residuals = new Int32Array(DELTA_FIELDS.length);

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
    this.baseMotion = DELTA_FIELDS.map((name) => base[name]);
    // A 'step' field predicts no change: its "previous delta" is a row of zeros never written.
    const zeros = new Int32Array(maxPlayers);
    this.memMotion = DELTA_FIELDS.map((name, k) => (deltaKeeps[k] === 1 ? this.mem[name as keyof MotionMemory] : zeros));
    this.baseState = STATE_FIELDS.map((name) => base[name]);
    this.srcRecord = [...this.baseRecord];
    this.srcMotion = [...this.baseMotion];
    this.srcState = [...this.baseState];
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
      for (let k = 0; k < this.memMotion.length; k++) if (deltaKeeps[k] === 1) w.writeSigned(this.memMotion[k][s]);
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
   * the field tables are bound once per call and walked by index; a slot exactly as predicted
   * costs the residual arithmetic and one bit.
   */
  private writeDeltaBody(world: SnapshotSource): void {
    const w = this.writer;
    const b = this.base;
    this.bind(world);
    const { srcRecord, srcMotion, srcState, baseRecord, baseMotion, baseState, memMotion, deltas, residuals } = this;
    const motionCount = srcMotion.length;
    const stateCount = srcState.length;
    const recordCount = srcRecord.length;
    const active = world.active;
    const bActive = b.active;
    const slotCount = this.highestActive(active, bActive) + 1;
    w.writeBits(slotCount, this.slotBits);
    for (let s = 0; s < slotCount; s++) {
      const was = bActive[s] !== 0;
      if (active[s] === 0) {
        if (was) {
          w.writeBits(0b11, 2); // removed
          clearMotionSlot(this.mem, s);
        } else {
          w.writeBit(0);
        }
        continue;
      }
      this.checkSlot(s);
      if (!was) {
        // Added: a full record with empty prediction memory (every prevDelta se(0) = '1').
        w.writeBit(1);
        this.writeRecord(srcRecord, s);
        w.writeBits((1 << MOTION_FIELDS.length) - 1, MOTION_FIELDS.length);
        clearMotionSlot(this.mem, s);
      } else {
        let any = 0;
        for (let k = 0; k < motionCount; k++) {
          const modulo = deltaModulo[k];
          const d = wrapFieldDelta(srcMotion[k][s] - baseMotion[k][s], modulo);
          const r = wrapFieldDelta(d - memMotion[k][s], modulo);
          deltas[k] = d;
          residuals[k] = r;
          any |= r;
        }
        let changed = false;
        for (let k = 0; k < stateCount && !changed; k++) changed = srcState[k][s] !== baseState[k][s];
        if (any === 0 && !changed) {
          w.writeBit(0); // exactly as predicted
        } else {
          let mask = 0b10; // changed, then the mask
          for (let k = 0; k < motionCount; k++) mask = (mask << 1) | (residuals[k] !== 0 ? 1 : 0);
          w.writeBits((mask << 1) | (changed ? 1 : 0), 2 + FIELD_MASK_BITS);
          for (let k = 0; k < motionCount; k++) if (residuals[k] !== 0) w.writeSigned((residuals[k] - deltaBias[k]) | 0);
          if (changed) for (let k = 0; k < stateCount; k++) writeFieldValue(w, stateWire[k], srcState[k][s]);
        }
        for (let k = 0; k < motionCount; k++) if (deltaKeeps[k] === 1) memMotion[k][s] = deltas[k];
      }
    }
    // The world becomes the baseline: one copy per field (a free slot is zero in both).
    bActive.set(active);
    for (let k = 0; k < recordCount; k++) baseRecord[k].set(srcRecord[k]);

    b.tick = world.tick;
    b.phase = world.phase;
    b.phaseEndTick = world.phaseEndTick;
    b.round = world.round;
    writeChangedOrders(w, this.houseBits, world, b);
  }

  /** A record's absolute values, in field-list order. */
  private writeRecord(arrays: FieldArray[], s: number): void {
    const w = this.writer;
    for (let k = 0; k < arrays.length; k++) writeFieldValue(w, recordWire[k], arrays[k][s]);
  }

  /** Points the src tables at the world's arrays (the same world object, usually). */
  private bind(world: SnapshotSource): void {
    for (let k = 0; k < RECORD_FIELDS.length; k++) this.srcRecord[k] = world[RECORD_FIELDS[k]];
    for (let k = 0; k < DELTA_FIELDS.length; k++) this.srcMotion[k] = world[DELTA_FIELDS[k]];
    for (let k = 0; k < STATE_FIELDS.length; k++) this.srcState[k] = world[STATE_FIELDS[k]];
  }

  /** Our-bug check: a bits-coded value that would not fit its field (heading, carrying...). */
  private checkSlot(s: number): void {
    const src = this.srcRecord;
    for (let i = 0; i < CHECKED.length; i++) {
      const value = src[CHECKED[i]][s];
      // Bits-coded fields start at 0 (player-wire.ts checks), so one unsigned compare.
      if (value >>> 0 > CHECKED_MAX[i]) {
        const k = CHECKED[i];
        throw new RangeError(`slot ${s}: ${RECORD_FIELDS[k]} ${value} out of range`);
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
