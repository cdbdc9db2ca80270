import { FAST_BITS, type BitWriter } from '../protocol/bit-writer';
import { expGolombBits } from '../protocol/int-bits';
import { APPLIED_INPUT_WORDS, DELIVERY_MARK, ENTRY_CONTROL_MASK, ENTRY_SLOT_SHIFT, LATE_MARK, RTT_MARK, TICK_MARK, type AppliedInputLog } from './applied-input-log';
import { INPUT_KIND_BITS, INPUT_KIND_CODE, writeInput } from './input-coder';
import { EventKind } from './replay-format';
import { steerChangeCode } from './steer-code';

/** ue(EventKind.EndBlock), as the bits and their count. */
const END_BLOCK_CODE = EventKind.EndBlock + 1;
const END_BLOCK_BITS = expGolombBits(END_BLOCK_CODE);
/** ue(EventKind.Rtt), as the bits and their count. */
const RTT_CODE = EventKind.Rtt + 1;
const RTT_BITS = expGolombBits(RTT_CODE);
/** Tick gaps below this go out with their EndBlock in one write (at most 3 + 17 bits). */
const SHORT_TICK_GAP = 511;
/** Room one entry takes on the run's own paths: at most 3 whole bytes (23 bits and fewer than 8 pending), and 3 stored. */
const RUN_BYTES_PER_ENTRY = 4;
/** Buttons and lateness are held bytes; steer sits above them in a control word. */
const BYTE_MASK = 0xff;
const STEER_SHIFT = 8;
const STEER_MASK = 0xffff;

/** Where a recording's tick blocks stand (the writer's, carried on by the input run). */
export interface TickBlocks {
  /** The open block's tick (-1: none open). */
  blockTick: number;
  /** The tick of the last block opened (the next one's gap is from it). */
  lastBlockTick: number;
  /** The next block is the first of a chunk (its tick is written whole). */
  firstBlockOfChunk: boolean;
  /** The open block's last input slot (-1: none yet): the next input's slot gap is from it. */
  lastInputSlot: number;
}

export function createTickBlocks(): TickBlocks {
  return { blockTick: -1, lastBlockTick: 0, firstBlockOfChunk: true, lastInputSlot: -1 };
}

/** Opens the block of `tick` (closing the one before) unless it is open. */
export function openBlock(w: BitWriter, b: TickBlocks, tick: number): void {
  if (tick === b.blockTick) return;
  if (tick < b.lastBlockTick) throw new RangeError(`recording: tick ${tick} after ${b.lastBlockTick}`);
  const gap = b.firstBlockOfChunk ? tick : tick - b.lastBlockTick;
  if (b.blockTick >= 0 && gap < SHORT_TICK_GAP) {
    // The block after the one before, a tick or so on (every tick of a busy room): EndBlock
    // and the gap as one write, the bits writeVarUint would write twice.
    const code = gap + 1;
    const bits = expGolombBits(code);
    w.writeBits((END_BLOCK_CODE << bits) | code, END_BLOCK_BITS + bits);
  } else {
    if (b.blockTick >= 0) w.writeVarUint(EventKind.EndBlock);
    w.writeVarUint(gap);
  }
  b.firstBlockOfChunk = false;
  b.blockTick = tick;
  b.lastBlockTick = tick;
  b.lastInputSlot = -1;
}

export function writeDelivery(w: BitWriter, slot: number, count: number, points: number): void {
  w.writeVarUint(EventKind.Delivery);
  w.writeVarUint(slot);
  w.writeVarUint(count - 1);
  w.writeSigned(points);
}

/**
 * An Rtt event for `slot` in the open block, coded against what was written last for it
 * (`written`, ms per slot, -1: none), which it updates.
 */
export function writeRtt(w: BitWriter, written: Int32Array, slot: number, rttMs: number): void {
  const base = written[slot];
  written[slot] = rttMs;
  // ue(Rtt) and ue(slot) in one write (at most 5 + 15 bits: slots lie below 255), then se(change).
  const slotCode = slot + 1;
  const slotBits = expGolombBits(slotCode);
  w.writeBits((RTT_CODE << slotBits) | slotCode, RTT_BITS + slotBits);
  w.writeSigned(rttMs - (base < 0 ? 0 : base));
}

/** One input in the open block, against the slot's last input in `last` (input-coder.ts). */
function writeLoggedInput(w: BitWriter, b: TickBlocks, last: Uint32Array, maxPlayers: number, slot: number, control: number, seq: number, late: number): void {
  const gap = slot - b.lastInputSlot - 1;
  if (gap < 0) throw new RangeError(`recording: input for slot ${slot} after slot ${b.lastInputSlot} in one tick`);
  b.lastInputSlot = slot;
  writeInput(w, last, maxPlayers, slot, gap, control, seq, late);
}

/**
 * Codes the log's entries (inputs, their markers, deliveries, RTTs) in order into `w` and empties
 * the log: the recorder's hot loop (issue 14). What nearly every entry is — the next tick's
 * block, a keep-alive, new buttons or a steer target a few aim steps round, on time — is
 * coded here with the writer's position in local variables, exactly the bits writeInput and
 * openBlock write (the recording tests pin them); anything else (a turn off the grid or far,
 * a late or skipped input, a delivery, an RTT, a long tick gap) hands the position back and
 * takes the writer's own path.
 */
export function codeInputRun(w: BitWriter, log: AppliedInputLog, last: Uint32Array, rttMs: Int32Array, maxPlayers: number, b: TickBlocks): void {
  const count = log.count;
  if (log.overflowed) throw new RangeError('recording: the applied-input log overflowed (inputs were lost)');
  if (count === 0) return;
  log.drained();
  const words = log.words;
  const n = maxPlayers;
  let buf = w.reserve(count * RUN_BYTES_PER_ENTRY);
  let pos = w.cursorByte;
  let pending = w.cursorPending;
  let pendingBits = w.cursorPendingBits;
  let { blockTick, lastBlockTick, firstBlockOfChunk, lastInputSlot } = b;
  let late = 0;
  for (let k = 0, at = 0; k < count; k++, at += APPLIED_INPUT_WORDS) {
    const head = words[at];
    const slot = head >>> ENTRY_SLOT_SHIFT;
    // The code this entry writes on the fast path: `code` in `codeBits` bits (<= FAST_BITS).
    let code = 0;
    let codeBits = 0;
    if (slot === LATE_MARK) {
      late = head & BYTE_MASK;
      continue;
    }
    if (slot === TICK_MARK) {
      const tick = words[at + 1];
      if (tick === blockTick) continue;
      const gap = tick - lastBlockTick;
      if (blockTick >= 0 && !firstBlockOfChunk && gap >= 0 && gap < SHORT_TICK_GAP) {
        const gapCode = gap + 1;
        const bits = expGolombBits(gapCode);
        code = (END_BLOCK_CODE << bits) | gapCode;
        codeBits = END_BLOCK_BITS + bits;
        blockTick = tick;
        lastBlockTick = tick;
        lastInputSlot = -1;
      }
    } else if (slot < RTT_MARK && late === 0) {
      const control = head & ENTRY_CONTROL_MASK;
      const seq = words[at + 1];
      const gap = slot - lastInputSlot - 1;
      // On time (late 0 and 0 before) and the next seq: the run's own case, unless the steer
      // target turned off the aim grid or far.
      if (gap >= 0 && last[3 * n + slot] === 0 && seq === ((last[2 * n + slot] + 1) >>> 0)) {
        const gapCode = gap + 1;
        const gapBits = expGolombBits(gapCode);
        const buttons = control & BYTE_MASK;
        const buttonsCode = buttons + 1;
        const buttonsBits = expGolombBits(buttonsCode);
        const steer = (control >>> STEER_SHIFT) & STEER_MASK;
        const lastSteer = last[n + slot];
        if (steer === lastSteer) {
          // A keep-alive ("1" then ue(gap)) or new buttons (Input, ue(gap), "1" ue(buttons),
          // then steer, seq and lateness "0": input-coder.ts), chosen by a mask, not a branch:
          // which one comes next is a coin toss to the CPU (about 1 in 3 inputs is a keep-alive).
          const changed = -(buttons !== last[slot] ? 1 : 0);
          const changeBits = INPUT_KIND_BITS + gapBits + 1 + buttonsBits + 3;
          const changeCode = ((((INPUT_KIND_CODE << gapBits) | gapCode) << (1 + buttonsBits)) | (1 << buttonsBits) | buttonsCode) << 3;
          codeBits = ((gapBits + 1) & ~changed) | (changeBits & changed);
          code = (((1 << gapBits) | gapCode) & ~changed) | (changeCode & changed);
        } else {
          // A new steer target (point steering: the stick, the keys' directions): Input,
          // ue(gap), buttons "0" or "1" ue(buttons), steer "1" and the turn (steer-code.ts),
          // then seq and lateness "0".
          const steerCode = steerChangeCode(lastSteer, steer);
          const sameButtons = buttons === last[slot];
          const heldBits = sameButtons ? 1 : 1 + buttonsBits;
          const heldCode = sameButtons ? 0 : (1 << buttonsBits) | buttonsCode;
          const steerBits = steerCode & 31;
          const total = INPUT_KIND_BITS + gapBits + heldBits + 1 + steerBits + 2;
          if (steerCode !== 0 && total <= FAST_BITS) {
            code = ((((((((INPUT_KIND_CODE << gapBits) | gapCode) << heldBits) | heldCode) << 1) | 1) << steerBits) | (steerCode >>> 5)) << 2;
            codeBits = total;
            last[n + slot] = steer;
          }
        }
        if (codeBits > FAST_BITS) codeBits = 0;
        if (codeBits > 0) {
          last[slot] = buttons;
          last[2 * n + slot] = seq;
          lastInputSlot = slot;
        }
      }
    }
    if (codeBits === 0) {
      // The writer's own path, with the position handed back and taken again after.
      w.moveCursor(pos, pending, pendingBits);
      b.blockTick = blockTick;
      b.lastBlockTick = lastBlockTick;
      b.firstBlockOfChunk = firstBlockOfChunk;
      b.lastInputSlot = lastInputSlot;
      if (slot === TICK_MARK) openBlock(w, b, words[at + 1]);
      else if (slot === DELIVERY_MARK) writeDelivery(w, head & BYTE_MASK, (head >>> 8) & 0xffff, words[at + 1] | 0);
      else if (slot === RTT_MARK) {
        // A sample as the one written before adds nothing.
        const rttSlot = head & BYTE_MASK;
        if (words[at + 1] !== rttMs[rttSlot]) writeRtt(w, rttMs, rttSlot, words[at + 1]);
      }
      else {
        writeLoggedInput(w, b, last, n, slot, head & ENTRY_CONTROL_MASK, words[at + 1], late);
        late = 0;
      }
      buf = w.reserve((count - k) * RUN_BYTES_PER_ENTRY);
      pos = w.cursorByte;
      pending = w.cursorPending;
      pendingBits = w.cursorPendingBits;
      ({ blockTick, lastBlockTick, firstBlockOfChunk, lastInputSlot } = b);
      continue;
    }
    // MSB first: fewer than 8 pending bits and at most FAST_BITS new stay below 2^31. Three
    // bytes are stored whatever the count of whole ones (0 to 3, again a coin toss): a byte
    // past them is junk the next code overwrites, as the writer's own writes do (reserve).
    const word = (pending << codeBits) | code;
    const total = pendingBits + codeBits;
    buf[pos] = word >>> (total - 8);
    buf[pos + 1] = word >>> (total - 16);
    buf[pos + 2] = word >>> (total - 24);
    pos += total >>> 3;
    pendingBits = total & 7;
    pending = word & ((1 << pendingBits) - 1);
  }
  w.moveCursor(pos, pending, pendingBits);
  b.blockTick = blockTick;
  b.lastBlockTick = lastBlockTick;
  b.firstBlockOfChunk = firstBlockOfChunk;
  b.lastInputSlot = lastInputSlot;
}
