import { MAX_CARRY } from '../sim/constants';
import { Arena } from '../sim/arena';
import type { World } from '../sim/world';
import { BitWriter } from './bit-writer';
import { clearMotionSlot, createMotionMemory, type MotionMemory } from './motion-memory';
import { MsgCode } from './msg-code';
import { clearReplicaSlot, type ReplicaState } from './replica-state';
import {
  bitsFor,
  CARRY_BITS,
  Field,
  FIELD_MASK_BITS,
  HEADING_BITS,
  MAX_PHASE,
  MAX_TICK,
  PHASE_BITS,
  wrapHeading,
} from './snapshot-format';

/** The parts of World a snapshot reads (tests build these without a city). */
export type SnapshotSource = Pick<
  World,
  | 'tick' | 'phase' | 'phaseEndTick' | 'round' | 'maxPlayers' | 'active' | 'connected' | 'px' | 'py'
  | 'heading' | 'speed' | 'ackSeq' | 'carrying' | 'score' | 'orderExpireTick' | 'orderPlacedTick'
>;

/**
 * Encodes one room's snapshots: a delta against the baseline (what the previous encode sent)
 * or a keyframe. One encoder per room; each encode's bytes go to every socket of the room.
 * Steady state allocates nothing: the baseline and prediction memory are typed arrays made
 * here, and the writer's buffer only grows while the room grows. Layout: PROTOCOL.md.
 */
export class SnapshotEncoder {
  readonly maxPlayers: number;
  readonly houseCount: number;
  private readonly base: ReplicaState;
  private readonly mem: MotionMemory;
  private readonly writer: BitWriter;
  private readonly slotBits: number;
  private readonly houseBits: number;

  constructor(maxPlayers: number, houseCount: number) {
    if (!Number.isInteger(maxPlayers) || maxPlayers < 1) throw new RangeError(`maxPlayers must be >= 1: ${maxPlayers}`);
    if (!Number.isInteger(houseCount) || houseCount < 0) throw new RangeError(`houseCount must be >= 0: ${houseCount}`);
    // Baseline and prediction memory share one buffer, so an encode touches a few adjacent
    // cache lines per room instead of fourteen scattered arrays (issue #3).
    const arena = new Arena(Arena.bytesFor(11 * maxPlayers + 2 * houseCount, 3 * maxPlayers));
    this.mem = createMotionMemory(maxPlayers, arena);
    this.base = createBaseline(maxPlayers, houseCount, arena);
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.writer = new BitWriter(64 + maxPlayers * 8);
    this.slotBits = bitsFor(maxPlayers);
    this.houseBits = bitsFor(houseCount - 1);
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
    const m = this.mem;
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
      w.writeBit(b.connected[s]);
      w.writeSigned(b.px[s]);
      w.writeSigned(b.py[s]);
      w.writeBits(b.heading[s], HEADING_BITS);
      w.writeSigned(b.speed[s]);
      w.writeVarUint(b.ackSeq[s]);
      w.writeBits(b.carrying[s], CARRY_BITS);
      w.writeSigned(b.score[s]);
      w.writeSigned(m.dpx[s]);
      w.writeSigned(m.dpy[s]);
      w.writeSigned(m.dheading[s]);
      w.writeSigned(m.dspeed[s]);
      w.writeSigned(m.dseq[s]);
    }
    let count = 0;
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) count++;
    }
    w.writeVarUint(count);
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) this.writeOrder(b, h);
    }
    return w.finish();
  }

  /**
   * Slots, orders, and the baseline update shared by deltas and keyframes. Hot path (issue #3):
   * arrays are hoisted into locals once per call, and adjacent small fields go out in one
   * writeBits call (tag + mask, connected + carrying); a slot exactly as predicted costs the
   * residual arithmetic and one bit.
   */
  private writeDeltaBody(world: SnapshotSource): void {
    const w = this.writer;
    const b = this.base;
    const m = this.mem;
    const { active, connected: wConnected, px, py, heading: wHeading, speed, ackSeq, carrying: wCarrying, score } = world;
    const bActive = b.active;
    const bConnected = b.connected;
    const bPx = b.px;
    const bPy = b.py;
    const bHeading = b.heading;
    const bSpeed = b.speed;
    const bAckSeq = b.ackSeq;
    const bCarrying = b.carrying;
    const bScore = b.score;
    const mDpx = m.dpx;
    const mDpy = m.dpy;
    const mDheading = m.dheading;
    const mDspeed = m.dspeed;
    const mDseq = m.dseq;
    const slotCount = this.highestActive(active, bActive) + 1;
    w.writeBits(slotCount, this.slotBits);
    for (let s = 0; s < slotCount; s++) {
      const was = bActive[s] !== 0;
      if (active[s] === 0) {
        if (was) {
          w.writeBits(0b11, 2); // removed
          clearReplicaSlot(b, s);
          clearMotionSlot(m, s);
        } else {
          w.writeBit(0);
        }
        continue;
      }
      const heading = wHeading[s];
      const carrying = wCarrying[s];
      if (heading < 0 || heading >= 1 << HEADING_BITS || carrying > MAX_CARRY) {
        throw new RangeError(`slot ${s}: heading ${heading} or carrying ${carrying} out of range`);
      }
      const connected = wConnected[s] !== 0 ? 1 : 0;
      const x = px[s];
      const y = py[s];
      const v = speed[s];
      const seq = ackSeq[s];
      const sc = score[s];
      if (!was) {
        // Added: a full record with empty prediction memory.
        w.writeBits(0b10 | connected, 2);
        w.writeSigned(x);
        w.writeSigned(y);
        w.writeBits(heading, HEADING_BITS);
        w.writeSigned(v);
        w.writeVarUint(seq);
        w.writeBits(carrying, CARRY_BITS);
        w.writeSigned(sc);
        w.writeBits(0b11111, 5); // five zero deltas, 1 bit each
        clearMotionSlot(m, s);
      } else {
        const dx = (x - bPx[s]) | 0;
        const dy = (y - bPy[s]) | 0;
        const dh = wrapHeading(heading - bHeading[s]);
        const dv = (v - bSpeed[s]) | 0;
        const dq = (seq - bAckSeq[s]) | 0;
        const rx = (dx - mDpx[s]) | 0;
        const ry = (dy - mDpy[s]) | 0;
        const rh = wrapHeading(dh - mDheading[s]);
        const rv = (dv - mDspeed[s]) | 0;
        const rq = (dq - mDseq[s]) | 0;
        const misc = connected !== bConnected[s] || carrying !== bCarrying[s] || sc !== bScore[s];
        if ((rx | ry | rh | rv | rq) === 0 && !misc) {
          w.writeBit(0); // exactly as predicted
        } else {
          const mask =
            (rx !== 0 ? Field.X : 0) |
            (ry !== 0 ? Field.Y : 0) |
            (rh !== 0 ? Field.Heading : 0) |
            (rv !== 0 ? Field.Speed : 0) |
            (rq !== 0 ? Field.Seq : 0) |
            (misc ? Field.Misc : 0);
          w.writeBits((0b10 << FIELD_MASK_BITS) | mask, 2 + FIELD_MASK_BITS); // changed, then the mask
          if (rx !== 0) w.writeSigned(rx);
          if (ry !== 0) w.writeSigned(ry);
          if (rh !== 0) w.writeSigned(rh);
          if (rv !== 0) w.writeSigned(rv);
          if (rq !== 0) w.writeSigned(rq);
          if (misc) {
            w.writeBits((connected << CARRY_BITS) | carrying, 1 + CARRY_BITS);
            w.writeSigned(sc);
          }
        }
        mDpx[s] = dx;
        mDpy[s] = dy;
        mDheading[s] = dh;
        mDspeed[s] = dv;
        mDseq[s] = dq;
      }
      bActive[s] = 1;
      bConnected[s] = connected;
      bPx[s] = x;
      bPy[s] = y;
      bHeading[s] = heading;
      bSpeed[s] = v;
      bAckSeq[s] = seq;
      bCarrying[s] = carrying;
      bScore[s] = sc;
    }

    b.tick = world.tick;
    b.phase = world.phase;
    b.phaseEndTick = world.phaseEndTick;
    b.round = world.round;
    const expire = world.orderExpireTick;
    const placed = world.orderPlacedTick;
    const bExpire = b.orderExpireTick;
    const bPlaced = b.orderPlacedTick;
    const houses = this.houseCount;
    let changed = 0;
    for (let h = 0; h < houses; h++) {
      if (expire[h] !== bExpire[h] || placed[h] !== bPlaced[h]) changed++;
    }
    if (changed === 0) {
      w.writeBit(0);
      return;
    }
    w.writeBit(1);
    w.writeVarUint(changed);
    for (let h = 0; h < houses; h++) {
      if (expire[h] !== bExpire[h] || placed[h] !== bPlaced[h]) {
        bExpire[h] = expire[h];
        bPlaced[h] = placed[h];
        this.writeOrder(b, h);
      }
    }
  }

  /** Order entry of house h from the baseline, times relative to the baseline tick. */
  private writeOrder(b: ReplicaState, h: number): void {
    const w = this.writer;
    w.writeBits(h, this.houseBits);
    const expire = b.orderExpireTick[h];
    if (expire !== 0) {
      w.writeBit(1);
      w.writeSigned(expire - b.tick);
    } else {
      w.writeBit(0);
    }
    w.writeSigned(b.tick - b.orderPlacedTick[h]);
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

/** createReplicaState's layout (same fields, same order), its arrays cut from the encoder's arena. */
function createBaseline(maxPlayers: number, houseCount: number, arena: Arena): ReplicaState {
  const px = arena.int32(maxPlayers);
  const py = arena.int32(maxPlayers);
  const heading = arena.int32(maxPlayers);
  const speed = arena.int32(maxPlayers);
  const ackSeq = arena.uint32(maxPlayers);
  const score = arena.int32(maxPlayers);
  const orderExpireTick = arena.int32(houseCount);
  const orderPlacedTick = arena.int32(houseCount);
  const active = arena.uint8(maxPlayers);
  const connected = arena.uint8(maxPlayers);
  const carrying = arena.uint8(maxPlayers);
  return {
    maxPlayers,
    houseCount,
    tick: 0,
    phase: 0,
    phaseEndTick: 0,
    round: 0,
    active,
    connected,
    px,
    py,
    heading,
    speed,
    ackSeq,
    carrying,
    score,
    orderExpireTick,
    orderPlacedTick,
  };
}

function isTickValue(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_TICK;
}
