import type { Phase } from '../sim/constants';
import { BitReader } from './bit-reader';
import { ErrorCode } from './error-code';
import { clearMotionMemory, clearMotionSlot, copyMotionMemory, createMotionMemory, type MotionMemory } from './motion-memory';
import { MsgCode } from './msg-code';
import { clearReplicaSlot, clearReplicaState, copyReplicaState, createReplicaState, type ReplicaState } from './replica-state';
import {
  bitsFor,
  CARRY_BITS,
  Field,
  FIELD_MASK_BITS,
  HEADING_BITS,
  isInt32,
  MAX_PHASE,
  MAX_TICK,
  maxSnapshotBytes,
  PHASE_BITS,
  wrapHeading,
} from './snapshot-format';

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

const HEADING_MASK = (1 << HEADING_BITS) - 1;

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
  private readonly mem: MotionMemory;
  private readonly next: ReplicaState;
  private readonly nextMem: MotionMemory;
  private readonly reader = new BitReader();
  private readonly slotBits: number;
  private readonly houseBits: number;
  private hasKeyframe = false;

  constructor(maxPlayers: number, houseCount: number) {
    this.state = createReplicaState(maxPlayers, houseCount);
    this.next = createReplicaState(maxPlayers, houseCount);
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.maxBytes = maxSnapshotBytes(maxPlayers, houseCount);
    this.mem = createMotionMemory(maxPlayers);
    this.nextMem = createMotionMemory(maxPlayers);
    this.slotBits = bitsFor(maxPlayers);
    this.houseBits = bitsFor(houseCount - 1);
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
      clearReplicaState(this.next);
      clearMotionMemory(this.nextMem);
      this.reader.reset(bytes, 1);
      error = this.readKeyframe();
    } else if (code === MsgCode.Snapshot) {
      if (!this.hasKeyframe) return failure(ErrorCode.PROTO_NO_KEYFRAME);
      copyReplicaState(this.state, this.next);
      copyMotionMemory(this.mem, this.nextMem);
      this.reader.reset(bytes, 1);
      error = this.readDelta();
    } else {
      return failure(ErrorCode.PROTO_UNKNOWN_CODE);
    }
    if (error === null) error = this.checkEnd();
    if (error !== null) return failure(error);
    copyReplicaState(this.next, this.state);
    copyMotionMemory(this.nextMem, this.mem);
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
    return this.readOrders(count);
  }

  private readDelta(): ErrorCode | null {
    const r = this.reader;
    const n = this.next;
    const m = this.nextMem;
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
          n.px[s] = (n.px[s] + m.dpx[s]) | 0;
          n.py[s] = (n.py[s] + m.dpy[s]) | 0;
          n.heading[s] = (n.heading[s] + m.dheading[s]) & HEADING_MASK;
          n.speed[s] = (n.speed[s] + m.dspeed[s]) | 0;
          n.ackSeq[s] = (n.ackSeq[s] + m.dseq[s]) >>> 0;
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
    return this.readOrders(count);
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
    const connected = r.readBit();
    const px = r.readSigned();
    const py = r.readSigned();
    const heading = r.readBits(HEADING_BITS);
    const speed = r.readSigned();
    const ackSeq = r.readVarUint();
    const carrying = r.readBits(CARRY_BITS);
    const score = r.readSigned();
    const dpx = r.readSigned();
    const dpy = r.readSigned();
    const dheading = r.readSigned();
    const dspeed = r.readSigned();
    const dseq = r.readSigned();
    if (r.failed) return this.readFailure();
    if (
      !isInt32(px) || !isInt32(py) || !isInt32(speed) || ackSeq > 0xffffffff || !isInt32(score) ||
      !isInt32(dpx) || !isInt32(dpy) || dheading !== wrapHeading(dheading) || !isInt32(dspeed) || !isInt32(dseq)
    ) {
      return ErrorCode.PROTO_OUT_OF_RANGE;
    }
    if (!keyframe && (dpx | dpy | dheading | dspeed | dseq) !== 0) return ErrorCode.PROTO_OUT_OF_RANGE;
    const n = this.next;
    const m = this.nextMem;
    n.active[s] = 1;
    n.connected[s] = connected;
    n.px[s] = px;
    n.py[s] = py;
    n.heading[s] = heading;
    n.speed[s] = speed;
    n.ackSeq[s] = ackSeq;
    n.carrying[s] = carrying;
    n.score[s] = score;
    m.dpx[s] = dpx;
    m.dpy[s] = dpy;
    m.dheading[s] = dheading;
    m.dspeed[s] = dspeed;
    m.dseq[s] = dseq;
    return null;
  }

  private remove(s: number): null {
    clearReplicaSlot(this.next, s);
    clearMotionSlot(this.nextMem, s);
    return null;
  }

  /** Changed record: field mask, then second-difference residuals of the masked fields. */
  private readChanged(s: number): ErrorCode | null {
    const r = this.reader;
    const mask = r.readBits(FIELD_MASK_BITS);
    const rx = mask & Field.X ? r.readSigned() : 0;
    const ry = mask & Field.Y ? r.readSigned() : 0;
    const rh = mask & Field.Heading ? r.readSigned() : 0;
    const rv = mask & Field.Speed ? r.readSigned() : 0;
    const rq = mask & Field.Seq ? r.readSigned() : 0;
    const misc = (mask & Field.Misc) !== 0;
    const connected = misc ? r.readBit() : 0;
    const carrying = misc ? r.readBits(CARRY_BITS) : 0;
    const score = misc ? r.readSigned() : 0;
    if (r.failed) return this.readFailure();
    if (!isInt32(rx) || !isInt32(ry) || rh !== wrapHeading(rh) || !isInt32(rv) || !isInt32(rq) || !isInt32(score)) {
      return ErrorCode.PROTO_OUT_OF_RANGE;
    }
    const n = this.next;
    const m = this.nextMem;
    const dx = (m.dpx[s] + rx) | 0;
    const dy = (m.dpy[s] + ry) | 0;
    const dh = wrapHeading(m.dheading[s] + rh);
    const dv = (m.dspeed[s] + rv) | 0;
    const dq = (m.dseq[s] + rq) | 0;
    n.px[s] = (n.px[s] + dx) | 0;
    n.py[s] = (n.py[s] + dy) | 0;
    n.heading[s] = (n.heading[s] + dh) & HEADING_MASK;
    n.speed[s] = (n.speed[s] + dv) | 0;
    n.ackSeq[s] = (n.ackSeq[s] + dq) >>> 0;
    m.dpx[s] = dx;
    m.dpy[s] = dy;
    m.dheading[s] = dh;
    m.dspeed[s] = dv;
    m.dseq[s] = dq;
    if (misc) {
      n.connected[s] = connected;
      n.carrying[s] = carrying;
      n.score[s] = score;
    }
    return null;
  }

  /** `count` order entries with strictly increasing house index, times relative to next.tick. */
  private readOrders(count: number): ErrorCode | null {
    const r = this.reader;
    const n = this.next;
    let last = -1;
    for (let i = 0; i < count; i++) {
      const h = r.readBits(this.houseBits);
      const open = r.readBit();
      const expire = open === 1 ? n.tick + r.readSigned() : 0;
      const placed = n.tick - r.readSigned();
      if (r.failed) return this.readFailure();
      if (h <= last || h >= this.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
      if (!isInt32(expire) || (open === 1 && expire === 0) || !isInt32(placed)) return ErrorCode.PROTO_OUT_OF_RANGE;
      last = h;
      n.orderExpireTick[h] = expire;
      n.orderPlacedTick[h] = placed;
    }
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
