import { BitWriter } from '../protocol/bit-writer';
import { createInputFrame, INPUT_FIELD_NAMES, specOf, type InputFrame } from '../sim/input-fields';
import type { World, WorldConfig } from '../sim/world';
import { EventKind, RECORDING_LIMITS, TEACHER_MARKS, type EndReason, type KeyframeReason, type MarkConditions, type TeacherMarkName } from './replay-format';
import { slotPresent, writeKeyframe } from './world-keyframe';

/** What a recording says about itself, at the start of its first chunk. */
export interface RecordingHeader {
  /** The room's code. */
  code: string;
  /** The round's number in its room (world.round). */
  round: number;
  startedAtEpochMs: number;
  /** The room's world settings (the city comes from the seed). */
  config: WorldConfig;
  /** Ticks between the room's snapshots: what a student's interpolation delay was made of. */
  ticksPerSnapshot: number;
  /** How often the recording has a keyframe to seek from. */
  keyframeEveryTicks: number;
  houseCount: number;
  /** Who sat where when the round started. */
  names: readonly { slot: number; name: string }[];
}

const utf8 = new TextEncoder();
/** Bytes the writer starts with; it doubles when a chunk outgrows it (a keyframe of a full room). */
const INITIAL_CHUNK_BYTES = 4096;

/**
 * Writes a round's events as tick blocks of Exp-Golomb codes (REPLAY-FORMAT.md), into chunks
 * cut on demand. Inputs are coded against each slot's previous input (INPUT_FIELDS' `record`
 * hints), so a keep-alive (same buttons, seq + 1) costs a few bits. Allocation-free per event
 * but for joins (the name's bytes) and for cut(), which copies the chunk out.
 *
 *   block := tick (absolute in a chunk's first block, else the gap) event* EndBlock
 *   input := Input slotGap (1 = as predicted | 0 (changed value?)*)
 */
export class RecordingWriter {
  /** Each slot's last input, as written: what the next one is predicted from. */
  readonly lastInputs: InputFrame;
  /** Last RTT written per slot (-1: none). */
  readonly rttMs: Int32Array;
  /** Bytes of all chunks cut so far. */
  bytesCut = 0;
  private readonly w = new BitWriter(INITIAL_CHUNK_BYTES);
  private blockTick = -1;
  private lastBlockTick = 0;
  private firstBlockOfChunk = true;
  private lastInputSlot = -1;

  constructor(readonly maxPlayers: number) {
    this.lastInputs = createInputFrame(maxPlayers);
    this.rttMs = new Int32Array(maxPlayers).fill(-1);
  }

  /** Bits written since the last cut. */
  get pendingBits(): number {
    return this.w.bitLength;
  }

  /** Opens the recording: must come first, once. */
  header(h: RecordingHeader): void {
    const w = this.w;
    writeText(w, h.code);
    w.writeVarUint(h.round);
    w.writeVarUint(Math.max(0, Math.round(h.startedAtEpochMs)));
    w.writeVarUint(h.config.tickRateHz);
    w.writeVarUint(h.config.maxPlayers);
    w.writeVarUint(h.config.roundSeconds);
    w.writeVarUint(h.config.resultsSeconds);
    w.writeBits(h.config.seed >>> 0, 32);
    w.writeBit(h.config.autoRounds ? 1 : 0);
    w.writeVarUint(h.ticksPerSnapshot);
    w.writeVarUint(h.keyframeEveryTicks);
    w.writeVarUint(h.houseCount);
    w.writeVarUint(h.names.length);
    for (const { slot, name } of h.names) {
      w.writeVarUint(slot);
      writeText(w, name);
    }
  }

  /** The input `frame` carries for `slot` this tick; slots in ascending order within a tick. */
  input(tick: number, slot: number, frame: InputFrame): void {
    this.at(tick);
    if (slot <= this.lastInputSlot) throw new RangeError(`recording: input for slot ${slot} after slot ${this.lastInputSlot} in one tick`);
    const w = this.w;
    w.writeVarUint(EventKind.Input);
    w.writeVarUint(slot - this.lastInputSlot - 1);
    this.lastInputSlot = slot;
    const last = this.lastInputs;
    let predicted = true;
    for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) {
      const name = INPUT_FIELD_NAMES[i];
      if (frame[name][slot] !== expected(name, last[name][slot])) {
        predicted = false;
        break;
      }
    }
    w.writeBit(predicted ? 1 : 0);
    if (!predicted) {
      for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) {
        const name = INPUT_FIELD_NAMES[i];
        const value = frame[name][slot];
        const previous = last[name][slot];
        const guess = expected(name, previous);
        if (value === guess) {
          w.writeBit(0);
          continue;
        }
        w.writeBit(1);
        const spec = specOf(name);
        if (spec.record === 'hold' && spec.array === 'u8') w.writeVarUint(value);
        else w.writeSigned((value - guess) | 0);
      }
    }
    for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) {
      const name = INPUT_FIELD_NAMES[i];
      last[name][slot] = frame[name][slot];
    }
  }

  rtt(tick: number, slot: number, rttMs: number): void {
    this.at(tick);
    const w = this.w;
    w.writeVarUint(EventKind.Rtt);
    w.writeVarUint(slot);
    const base = this.rttMs[slot];
    w.writeSigned(rttMs - (base < 0 ? 0 : base));
    this.rttMs[slot] = rttMs;
  }

  delivery(tick: number, slot: number, count: number, points: number): void {
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
    this.at(tick);
    this.w.writeVarUint(EventKind.Keyframe);
    this.w.writeVarUint(reason);
    writeKeyframe(this.w, world, this.lastInputs, this.rttMs);
    // A reader knows the RTT of seated slots only (writeKeyframe writes no other).
    for (let slot = 0; slot < this.maxPlayers; slot++) if (!slotPresent(world, slot)) this.rttMs[slot] = -1;
  }

  end(tick: number, reason: EndReason): void {
    this.at(tick);
    this.w.writeVarUint(EventKind.End);
    this.w.writeVarUint(reason);
  }

  /** Closes the open block and hands the chunk out (a copy); null when nothing was written. */
  cut(): Uint8Array | null {
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

/** What an input field is expected to be, given the slot's previous one. */
export function expected(name: (typeof INPUT_FIELD_NAMES)[number], previous: number): number {
  const spec = specOf(name);
  if (spec.record === 'hold') return previous;
  return spec.array === 'u32' ? (previous + 1) >>> 0 : spec.array === 'i32' ? (previous + 1) | 0 : (previous + 1) & 0xff;
}

function writeText(w: BitWriter, text: string): void {
  const bytes = utf8.encode(text);
  // Names and codes are far shorter (16 letters); the cap keeps a reader's limit true.
  const length = Math.min(bytes.length, RECORDING_LIMITS.maxNameBytes);
  w.writeVarUint(length);
  for (let i = 0; i < length; i++) w.writeBits(bytes[i], 8);
}
