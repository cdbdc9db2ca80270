import { BitWriter } from '../protocol/bit-writer';
import { expGolombBits } from '../protocol/int-bits';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import type { InputFrame, World } from '../sim/world';
import { AppliedInputLog, APPLIED_INPUT_WORDS, DELIVERY_MARK, ENTRY_CONTROL_MASK, ENTRY_SLOT_SHIFT, LATE_MARK, TICK_MARK } from './applied-input-log';
import { writeInput } from './input-coder';
import { EventKind, TEACHER_MARKS, type EndReason, type KeyframeReason, type MarkConditions, type TeacherMarkName } from './replay-format';
import { writeRecordingHeader, writeText, type RecordingHeader } from './recording-header';
import { writeKeyframe } from './world-keyframe';

export type { RecordingHeader };

/** Bytes the writer starts with; it doubles when a chunk outgrows it (a keyframe of a full room). */
const INITIAL_CHUNK_BYTES = 4096;
/**
 * Cut chunks are copied into slabs of this size and handed out as views: a fresh array per
 * cut (its own backing store, freed by the GC) cost each cut about as much as coding a
 * second of inputs (issue 14). A slab holds about half a minute of a busy room's chunks and
 * is freed when the last view into it is.
 */
const SLAB_BYTES = 8192;
/** ue(EventKind.EndBlock), as the bits and their count. */
const END_BLOCK_CODE = EventKind.EndBlock + 1;
const END_BLOCK_BITS = expGolombBits(END_BLOCK_CODE);
/** ue(EventKind.Rtt), as the bits and their count. */
const RTT_CODE = EventKind.Rtt + 1;
const RTT_BITS = expGolombBits(RTT_CODE);
/** Tick gaps below this go out with their EndBlock in one write (at most 3 + 17 bits). */
const SHORT_TICK_GAP = 511;

/**
 * Writes a round's events as tick blocks of Exp-Golomb codes (REPLAY-FORMAT.md), into chunks
 * cut on demand. Inputs (and deliveries) come through an AppliedInputLog (the room's input buffer fills it) and
 * are coded against each slot's previous input (input-recording.ts' hints), so a keep-alive
 * (same buttons, seq + 1) costs a few bits, and a new steer target one aim step round costs
 * five. Allocation-free per event but for joins (the name's bytes) and for cut(), which copies
 * the chunk out.
 *
 *   block := tick (absolute in a chunk's first block, else the gap) event* EndBlock
 *   input := Input slotGap (1 = as predicted | 0 (changed value?)*)
 */
export class RecordingWriter {
  /**
   * Each slot's last input, as written: what the next one is predicted from. Field-major, as
   * uint32 bit patterns (field i of slot s at i * maxPlayers + s), what a keyframe carries.
   */
  readonly lastInputs: Uint32Array;
  /** Last RTT written per slot (-1: none). */
  readonly rttMs: Int32Array;
  /** Bytes of all chunks cut so far. */
  bytesCut = 0;
  /** The inputs applied and not coded yet (the room's, or the writer's own for tools and tests). */
  readonly log: AppliedInputLog;
  private readonly w = new BitWriter(INITIAL_CHUNK_BYTES);
  private blockTick = -1;
  private lastBlockTick = 0;
  private firstBlockOfChunk = true;
  private lastInputSlot = -1;
  private slab = new Uint8Array(0);
  private slabUsed = 0;

  constructor(
    readonly maxPlayers: number,
    log?: AppliedInputLog,
  ) {
    this.lastInputs = new Uint32Array(INPUT_FIELD_NAMES.length * maxPlayers);
    this.rttMs = new Int32Array(maxPlayers).fill(-1);
    if (log === undefined) {
      this.log = new AppliedInputLog(maxPlayers);
      this.log.recording = true;
    } else {
      this.log = log;
    }
  }

  /** Bits written since the last cut (codes the logged inputs first). */
  get pendingBits(): number {
    this.codeInputs();
    return this.w.bitLength;
  }

  /** Opens the recording: must come first, once. */
  header(h: RecordingHeader): void {
    writeRecordingHeader(this.w, h);
  }

  /** The input `frame` carries for `slot` this tick; slots in ascending order within a tick. */
  input(tick: number, slot: number, frame: InputFrame): void {
    this.log.addFromFrame(tick, slot, frame);
    if (this.log.count >= this.log.drainAt) this.codeInputs();
  }

  /** Codes the logged inputs and deliveries, in order, and empties the log. */
  codeInputs(): void {
    const log = this.log;
    const count = log.count;
    if (log.overflowed) throw new RangeError('recording: the applied-input log overflowed (inputs were lost)');
    if (count === 0) return;
    log.drained();
    const words = log.words;
    let late = 0;
    for (let k = 0, at = 0; k < count; k++, at += APPLIED_INPUT_WORDS) {
      const head = words[at];
      const slot = head >>> ENTRY_SLOT_SHIFT;
      if (slot === TICK_MARK) this.at(words[at + 1]);
      else if (slot === LATE_MARK) late = head & 0xff;
      else if (slot === DELIVERY_MARK) this.writeDelivery(head & 0xff, (head >>> 8) & 0xffff, words[at + 1] | 0);
      else {
        this.codeInput(slot, head & ENTRY_CONTROL_MASK, words[at + 1], late);
        late = 0;
      }
    }
  }

  /** One input, in the block the log's last tick marker opened. */
  private codeInput(slot: number, control: number, seq: number, late: number): void {
    const gap = slot - this.lastInputSlot - 1;
    if (gap < 0) throw new RangeError(`recording: input for slot ${slot} after slot ${this.lastInputSlot} in one tick`);
    this.lastInputSlot = slot;
    writeInput(this.w, this.lastInputs, this.maxPlayers, slot, gap, control, seq, late);
  }

  /**
   * The RTTs measured since the last call (`samples`: ms per slot, -1 where none): an Rtt
   * event for each that differs from the last one written, in slot order. Resets the samples.
   */
  rtts(tick: number, samples: Int32Array): void {
    const written = this.rttMs;
    for (let slot = 0; slot < samples.length; slot++) {
      const ms = samples[slot];
      if (ms < 0) continue;
      samples[slot] = -1;
      if (ms !== written[slot]) this.rtt(tick, slot, ms);
    }
  }

  rtt(tick: number, slot: number, rttMs: number): void {
    this.codeInputs();
    this.at(tick);
    const w = this.w;
    const base = this.rttMs[slot];
    const change = rttMs - (base < 0 ? 0 : base);
    this.rttMs[slot] = rttMs;
    // ue(Rtt) and ue(slot) in one write (at most 5 + 15 bits: slots lie below 255), then se(change).
    const slotCode = slot + 1;
    const slotBits = expGolombBits(slotCode);
    w.writeBits((RTT_CODE << slotBits) | slotCode, RTT_BITS + slotBits);
    w.writeSigned(change);
  }

  /** Who delivered during the step before `tick`: logged after that tick's inputs, coded with them. */
  delivery(tick: number, slot: number, count: number, points: number): void {
    this.log.addDelivery(tick, slot, count, points);
  }

  private writeDelivery(slot: number, count: number, points: number): void {
    const w = this.w;
    w.writeVarUint(EventKind.Delivery);
    w.writeVarUint(slot);
    w.writeVarUint(count - 1);
    w.writeSigned(points);
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
    this.codeInputs();
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
    this.codeInputs();
    this.at(tick);
    this.w.writeVarUint(EventKind.Keyframe);
    this.w.writeVarUint(reason);
    // Forgets the RTT of every empty slot, as a reader of the keyframe knows none there.
    writeKeyframe(this.w, world, this.lastInputs, this.rttMs);
  }

  end(tick: number, reason: EndReason): void {
    this.codeInputs();
    this.at(tick);
    this.w.writeVarUint(EventKind.End);
    this.w.writeVarUint(reason);
  }

  /**
   * Closes the open block and hands the chunk out (a copy, in a slab shared with the chunks
   * cut before and after it); null when nothing was written.
   */
  cut(): Uint8Array | null {
    this.codeInputs();
    if (this.blockTick >= 0) {
      this.w.writeVarUint(EventKind.EndBlock);
      this.blockTick = -1;
    }
    if (this.w.bitLength === 0) return null;
    const bytes = this.w.finish();
    if (bytes.length > this.slab.length - this.slabUsed) {
      this.slab = new Uint8Array(Math.max(SLAB_BYTES, bytes.length));
      this.slabUsed = 0;
    }
    const chunk = this.slab.subarray(this.slabUsed, this.slabUsed + bytes.length);
    chunk.set(bytes);
    this.slabUsed += bytes.length;
    this.w.reset();
    this.firstBlockOfChunk = true;
    this.bytesCut += chunk.length;
    return chunk;
  }

  private slotEvent(tick: number, kind: EventKind, slot: number): void {
    this.codeInputs();
    this.at(tick);
    this.w.writeVarUint(kind);
    this.w.writeVarUint(slot);
  }

  /** Opens the block of `tick` (closing the one before) unless it is open. */
  private at(tick: number): void {
    if (tick === this.blockTick) return;
    if (tick < this.lastBlockTick) throw new RangeError(`recording: tick ${tick} after ${this.lastBlockTick}`);
    const w = this.w;
    const gap = this.firstBlockOfChunk ? tick : tick - this.lastBlockTick;
    if (this.blockTick >= 0 && gap < SHORT_TICK_GAP) {
      // The block after the one before, a tick or so on (every tick of a busy room): EndBlock
      // and the gap as one write, the bits writeVarUint would write twice.
      const code = gap + 1;
      const bits = expGolombBits(code);
      w.writeBits((END_BLOCK_CODE << bits) | code, END_BLOCK_BITS + bits);
    } else {
      if (this.blockTick >= 0) w.writeVarUint(EventKind.EndBlock);
      w.writeVarUint(gap);
    }
    this.firstBlockOfChunk = false;
    this.blockTick = tick;
    this.lastBlockTick = tick;
    this.lastInputSlot = -1;
  }
}
