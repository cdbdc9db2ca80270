import { BitWriter } from '../protocol/bit-writer';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import type { InputFrame, World } from '../sim/world';
import { RECORDED_INPUTS } from './input-recording';
import { writeSteerChange } from './steer-code';
import { EventKind, TEACHER_MARKS, type EndReason, type KeyframeReason, type MarkConditions, type TeacherMarkName } from './replay-format';
import { writeRecordingHeader, writeText, type RecordingHeader } from './recording-header';
import { slotPresent, writeKeyframe } from './world-keyframe';

export type { RecordingHeader };

/** Bytes the writer starts with; it doubles when a chunk outgrows it (a keyframe of a full room). */
const INITIAL_CHUNK_BYTES = 4096;
/** Inputs queued before they are coded: a second or two of a room of 20. */
const QUEUE_INPUTS = 256;

/**
 * Writes a round's events as tick blocks of Exp-Golomb codes (REPLAY-FORMAT.md), into chunks
 * cut on demand. Inputs are coded against each slot's previous input (INPUT_FIELDS' `record`
 * hints), so a keep-alive (same buttons, seq + 1) costs a few bits, and a new steer target one
 * aim step round costs five. Allocation-free per event
 * but for joins (the name's bytes) and for cut(), which copies the chunk out.
 *
 *   block := tick (absolute in a chunk's first block, else the gap) event* EndBlock
 *   input := Input slotGap (1 = as predicted | 0 (changed value?)*)
 */
export class RecordingWriter {
  /**
   * Each slot's last input, as written: what the next one is predicted from. Field-major, as
   * uint32 bit patterns (field i of slot s at i * maxPlayers + s): one monomorphic array for the
   * hot path instead of one typed array per field.
   */
  readonly lastInputs: Uint32Array;
  /** Last RTT written per slot (-1: none). */
  readonly rttMs: Int32Array;
  /** Bytes of all chunks cut so far. */
  bytesCut = 0;
  private readonly w = new BitWriter(INITIAL_CHUNK_BYTES);
  /**
   * Per input field, in INPUT_FIELD_NAMES order, how it is predicted in uint32 bit patterns:
   * guess = ((last + add) & mask) >>> 0 (add 0 holds, add 1 counts on; mask 0xff wraps a byte).
   */
  private readonly fieldAdd: Uint32Array;
  private readonly fieldMask: Uint32Array;
  /** 1 for a held byte field: a changed value is written whole (ue), not as a residual. */
  private readonly fieldWhole: Uint8Array;
  /** 1 for the point-to-steer target: a change is coded as a turn (steer-code.ts). */
  private readonly fieldSteer: Uint8Array;
  private boundFrame: InputFrame | null = null;
  private inFields: (Uint8Array | Uint16Array | Uint32Array | Int32Array)[] = [];
  /** Inputs not coded yet: tick, slot, then each field's value (as uint32 bits), per input. */
  private readonly queue: Uint32Array;
  private readonly stride: number;
  private queued = 0;
  private blockTick = -1;
  private lastBlockTick = 0;
  private firstBlockOfChunk = true;
  private lastInputSlot = -1;

  constructor(readonly maxPlayers: number) {
    this.lastInputs = new Uint32Array(INPUT_FIELD_NAMES.length * maxPlayers);
    this.rttMs = new Int32Array(maxPlayers).fill(-1);
    this.fieldAdd = Uint32Array.from(RECORDED_INPUTS, (spec) => (spec.record === 'next' ? 1 : 0));
    this.fieldMask = Uint32Array.from(RECORDED_INPUTS, (spec) => spec.mask);
    this.fieldWhole = Uint8Array.from(RECORDED_INPUTS, (spec) => (spec.whole ? 1 : 0));
    this.fieldSteer = Uint8Array.from(RECORDED_INPUTS, (spec) => (spec.record === 'steer' ? 1 : 0));
    this.stride = 2 + INPUT_FIELD_NAMES.length;
    this.queue = new Uint32Array(QUEUE_INPUTS * this.stride);
  }

  /** Bits written since the last cut (codes the queued inputs first). */
  get pendingBits(): number {
    this.flushInputs();
    return this.w.bitLength;
  }

  /** Opens the recording: must come first, once. */
  header(h: RecordingHeader): void {
    writeRecordingHeader(this.w, h);
  }

  /**
   * The input `frame` carries for `slot` this tick; slots in ascending order within a tick.
   * Copied into a queue, coded in one warm loop later (see frame()).
   */
  input(tick: number, slot: number, frame: InputFrame): void {
    if (frame !== this.boundFrame) this.bind(frame);
    if (this.queued === QUEUE_INPUTS) this.flushInputs();
    let at = this.queued * this.stride;
    this.queue[at++] = tick;
    this.queue[at++] = slot;
    for (let i = 0; i < this.inFields.length; i++) this.queue[at++] = this.inFields[i][slot];
    this.queued++;
  }

  /**
   * Every input of a tick's frame (the slots whose `has` is 1): what a room calls once per tick.
   * The hot path of recording, so it only copies the values into a queue, coded in one warm
   * loop when another event comes, when it fills, or at a cut: coding each input as it came
   * touched the writer's cold state per room per tick and cost the tick ~12 % (issue 14). One
   * pass over `has` keeps the writer's own state to a few cache lines a tick.
   */
  frame(tick: number, frame: InputFrame): void {
    if (frame !== this.boundFrame) this.bind(frame);
    const has = frame.has;
    const queue = this.queue;
    const inFields = this.inFields;
    const stride = this.stride;
    const n = inFields.length;
    let queued = this.queued;
    for (let slot = 0; slot < has.length; slot++) {
      if (has[slot] !== 1) continue;
      if (queued === QUEUE_INPUTS) {
        this.queued = queued;
        this.flushInputs();
        queued = 0;
      }
      let at = queued * stride;
      queue[at++] = tick;
      queue[at++] = slot;
      for (let i = 0; i < n; i++) queue[at++] = inFields[i][slot];
      queued++;
    }
    this.queued = queued;
  }

  /** Codes the queued inputs, in order (a keep-alive, every field as predicted, is a few bits). */
  private flushInputs(): void {
    const count = this.queued;
    if (count === 0) return;
    this.queued = 0;
    const queue = this.queue;
    const stride = this.stride;
    const last = this.lastInputs;
    const add = this.fieldAdd;
    const mask = this.fieldMask;
    const n = add.length;
    const players = this.maxPlayers;
    const w = this.w;
    for (let k = 0; k < count; k++) {
      const base = k * stride;
      const tick = queue[base];
      const slot = queue[base + 1];
      if (tick !== this.blockTick) this.at(tick);
      const gap = slot - this.lastInputSlot - 1;
      if (gap < 0) throw new RangeError(`recording: input for slot ${slot} after slot ${this.lastInputSlot} in one tick`);
      this.lastInputSlot = slot;
      let predicted = true;
      for (let i = 0; i < n; i++) {
        if (queue[base + 2 + i] !== ((last[i * players + slot] + add[i]) & mask[i]) >>> 0) {
          predicted = false;
          break;
        }
      }
      if (predicted) {
        // KeepAlive (ue 0 = "1") and the slot gap in one write: "1" then ue(gap).
        const x = gap + 1;
        const bits = 63 - 2 * Math.clz32(x);
        if (bits < 23) w.writeBits((1 << bits) | x, bits + 1);
        else {
          w.writeBit(1);
          w.writeVarUint(gap);
        }
        for (let i = 0; i < n; i++) last[i * players + slot] = queue[base + 2 + i];
        continue;
      }
      w.writeVarUint(EventKind.Input);
      w.writeVarUint(gap);
      for (let i = 0; i < n; i++) {
        const at = i * players + slot;
        const value = queue[base + 2 + i];
        const previous = last[at];
        const guess = ((previous + add[i]) & mask[i]) >>> 0;
        last[at] = value;
        if (value === guess) {
          w.writeBit(0);
          continue;
        }
        w.writeBit(1);
        if (this.fieldSteer[i] === 1) writeSteerChange(w, previous, value);
        else if (this.fieldWhole[i] === 1) w.writeVarUint(value);
        else w.writeSigned((value - guess) | 0);
      }
    }
  }

  /** Looks the frame's arrays up once (generic over INPUT_FIELDS), not per input. */
  private bind(frame: InputFrame): void {
    this.boundFrame = frame;
    this.inFields = INPUT_FIELD_NAMES.map((name) => frame[name]);
  }

  rtt(tick: number, slot: number, rttMs: number): void {
    this.flushInputs();
    this.at(tick);
    const w = this.w;
    w.writeVarUint(EventKind.Rtt);
    w.writeVarUint(slot);
    const base = this.rttMs[slot];
    w.writeSigned(rttMs - (base < 0 ? 0 : base));
    this.rttMs[slot] = rttMs;
  }

  delivery(tick: number, slot: number, count: number, points: number): void {
    this.flushInputs();
    this.at(tick);
    this.w.writeVarUint(EventKind.Delivery);
    this.w.writeVarUint(slot);
    this.w.writeVarUint(count - 1);
    this.w.writeSigned(points);
  }

  join(tick: number, slot: number, name: string): void {
    this.slotEvent(tick, EventKind.Join, slot);
    writeText(this.w, name);
    this.rttMs[slot] = -1;
  }

  drop(tick: number, slot: number): void {
    this.slotEvent(tick, EventKind.Drop, slot);
  }

  resume(tick: number, slot: number): void {
    this.slotEvent(tick, EventKind.Resume, slot);
  }

  leave(tick: number, slot: number): void {
    this.slotEvent(tick, EventKind.Leave, slot);
    this.rttMs[slot] = -1;
  }

  teacher(tick: number, mark: TeacherMarkName, playerId: number | null, conditions: MarkConditions | null): void {
    this.flushInputs();
    this.at(tick);
    const w = this.w;
    w.writeVarUint(EventKind.Teacher);
    const code = TEACHER_MARKS.indexOf(mark);
    w.writeVarUint(code < 0 ? 0 : code);
    w.writeVarUint(playerId === null ? 0 : playerId + 1);
    if (mark === 'conditions') {
      const c = conditions ?? { latencyMs: 0, jitterMs: 0, lossPct: 0 };
      w.writeVarUint(Math.max(0, Math.round(c.latencyMs)));
      w.writeVarUint(Math.max(0, Math.round(c.jitterMs)));
      w.writeVarUint(Math.max(0, Math.round(c.lossPct * 10)));
    }
  }

  /** The whole world now; afterwards each slot's RTT is what a reader of this keyframe has. */
  keyframe(tick: number, reason: KeyframeReason, world: World): void {
    this.flushInputs();
    this.at(tick);
    this.w.writeVarUint(EventKind.Keyframe);
    this.w.writeVarUint(reason);
    writeKeyframe(this.w, world, this.lastInputs, this.rttMs);
    // A reader knows the RTT of seated slots only (writeKeyframe writes no other).
    for (let slot = 0; slot < this.maxPlayers; slot++) if (!slotPresent(world, slot)) this.rttMs[slot] = -1;
  }

  end(tick: number, reason: EndReason): void {
    this.flushInputs();
    this.at(tick);
    this.w.writeVarUint(EventKind.End);
    this.w.writeVarUint(reason);
  }

  /** Closes the open block and hands the chunk out (a copy); null when nothing was written. */
  cut(): Uint8Array | null {
    this.flushInputs();
    if (this.blockTick >= 0) {
      this.w.writeVarUint(EventKind.EndBlock);
      this.blockTick = -1;
    }
    if (this.w.bitLength === 0) return null;
    const chunk = this.w.finish().slice();
    this.w.reset();
    this.firstBlockOfChunk = true;
    this.bytesCut += chunk.length;
    return chunk;
  }

  private slotEvent(tick: number, kind: EventKind, slot: number): void {
    this.flushInputs();
    this.at(tick);
    this.w.writeVarUint(kind);
    this.w.writeVarUint(slot);
  }

  /** Opens the block of `tick` (closing the one before) unless it is open. */
  private at(tick: number): void {
    if (tick === this.blockTick) return;
    if (tick < this.lastBlockTick) throw new RangeError(`recording: tick ${tick} after ${this.lastBlockTick}`);
    const w = this.w;
    if (this.blockTick >= 0) w.writeVarUint(EventKind.EndBlock);
    w.writeVarUint(this.firstBlockOfChunk ? tick : tick - this.lastBlockTick);
    this.firstBlockOfChunk = false;
    this.blockTick = tick;
    this.lastBlockTick = tick;
    this.lastInputSlot = -1;
  }
}
