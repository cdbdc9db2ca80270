import { BitWriter } from '../protocol/bit-writer';
import { expGolombBits } from '../protocol/int-bits';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import type { InputFrame, World } from '../sim/world';
import { AppliedInputLog } from './applied-input-log';
import { codeInputRun, createTickBlocks, openBlock, writeRtt } from './input-run';
import { EventKind, TEACHER_MARKS, type EndReason, type KeyframeReason, type MarkConditions, type TeacherMarkName } from './replay-format';
import { writeRecordingHeader, writeText, type RecordingHeader } from './recording-header';
import { writeKeyframe } from './world-keyframe';

export type { RecordingHeader };

/** Bytes the writer starts with; it doubles when a chunk outgrows it (a keyframe of a full room). */
const INITIAL_CHUNK_BYTES = 4096;
/**
 * Cut chunks are copied into slabs of this size and handed out as views: a fresh array per
 * cut (its own backing store, freed by the GC) cost each cut about as much as coding a
 * second of inputs (issue 14). Slabs start at FIRST_SLAB_BYTES and double up to
 * MAX_SLAB_BYTES, so a busy room (a few hundred bytes a second) takes a new one every minute or
 * so and a quiet one keeps a small one; a slab is freed when the last view into it is.
 */
const FIRST_SLAB_BYTES = 8 * 1024;
const MAX_SLAB_BYTES = 64 * 1024;

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
  private readonly blocks = createTickBlocks();
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
    codeInputRun(this.w, this.log, this.lastInputs, this.rttMs, this.maxPlayers, this.blocks);
  }

  /** An Rtt event: the RTT measured for `slot`, ms (tools and tests; a room logs its samples, which are written when they changed). */
  rtt(tick: number, slot: number, rttMs: number): void {
    this.codeInputs();
    this.at(tick);
    writeRtt(this.w, this.rttMs, slot, rttMs);
  }

  /** Who delivered during the step before `tick`: logged after that tick's inputs, coded with them. */
  delivery(tick: number, slot: number, count: number, points: number): void {
    this.log.addDelivery(tick, slot, count, points);
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
    if (this.blocks.blockTick >= 0) {
      this.w.writeVarUint(EventKind.EndBlock);
      this.blocks.blockTick = -1;
    }
    if (this.w.bitLength === 0) return null;
    const length = this.w.finishedLength;
    if (length > this.slab.length - this.slabUsed) {
      const next = this.slab.length === 0 ? FIRST_SLAB_BYTES : Math.min(MAX_SLAB_BYTES, this.slab.length * 2);
      this.slab = new Uint8Array(Math.max(next, length));
      this.slabUsed = 0;
    }
    this.w.finishInto(this.slab, this.slabUsed);
    const chunk = this.slab.subarray(this.slabUsed, this.slabUsed + length);
    this.slabUsed += length;
    this.w.reset();
    this.blocks.firstBlockOfChunk = true;
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
    openBlock(this.w, this.blocks, tick);
  }
}
