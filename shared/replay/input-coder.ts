import { FAST_BITS, type BitWriter } from '../protocol/bit-writer';
import { expGolombBits } from '../protocol/int-bits';
import { INPUT_FIELD_NAMES, type InputFieldName } from '../sim/player-fields';
import { controlButtons, controlSteer } from '../sim/steering';
import { RECORDED_INPUTS } from './input-recording';
import { EventKind } from './replay-format';
import { writeSteerChange } from './steer-code';

/**
 * The input fields in the order a recording writes them, and how each is predicted: writeInput()
 * below is written out for exactly these (a loop over field tables cost ~4x as much per
 * input), so a change to the sim's input list (player-fields.ts) or to the recording's hints
 * (input-recording.ts) fails here, at import, until the coder follows it. The reader stays
 * generic over RECORDED_INPUTS; the round-trip and golden tests hold the two together.
 */
const CODED_INPUTS = [
  { name: 'buttons', record: 'hold', whole: true },
  { name: 'steer', record: 'steer', whole: false },
  { name: 'seq', record: 'next', whole: false },
  { name: 'late', record: 'hold', whole: true },
] as const satisfies readonly { name: InputFieldName; record: string; whole: boolean }[];
type CodedName = (typeof CODED_INPUTS)[number]['name'];
/** Fails to compile when an input field is added that the coder does not write. */
const EVERY_FIELD_CODED: Exclude<InputFieldName, CodedName> extends never ? true : false = true;
if (
  !EVERY_FIELD_CODED ||
  INPUT_FIELD_NAMES.length !== CODED_INPUTS.length ||
  CODED_INPUTS.some((c, i) => INPUT_FIELD_NAMES[i] !== c.name || RECORDED_INPUTS[i].record !== c.record || RECORDED_INPUTS[i].whole !== c.whole)
) {
  throw new Error(`input-coder.ts codes the inputs ${CODED_INPUTS.map((c) => c.name).join(', ')}; player-fields.ts or input-recording.ts changed them: update the coder`);
}
/** ue(EventKind.Input), as the bits and their count (what writeVarUint would write). */
export const INPUT_KIND_CODE = EventKind.Input + 1;
export const INPUT_KIND_BITS = expGolombBits(INPUT_KIND_CODE);
const BUTTONS = 0;
const STEER = 1;
const SEQ = 2;
const LATE = 3;

/** Bits of ue(value) for 0 <= value < 2^15: value + 1 in 2 floor(log2(value + 1)) + 1 bits. */
function ueBits(value: number): number {
  return expGolombBits(value + 1);
}

/** "0" when a held byte field is as predicted, else "1" and its ue: at most 18 bits, as (code << 5) | length. */
function heldByte(value: number, previous: number): number {
  if (value === previous) return 1;
  const bits = ueBits(value);
  return (((1 << bits) | (value + 1)) << 5) | (bits + 1);
}

/**
 * Writes one input event for `slot` (the writer opened its tick's block and worked out the
 * slot gap) against the slot's last input in `last` (field-major, i * maxPlayers + slot), and
 * makes it the last. A keep-alive (every field as predicted: same buttons, steer and lateness,
 * seq + 1) is "1" and the gap; anything else is Input, the gap, and per field "0" or "1" and
 * the value (REPLAY-FORMAT.md), gathered into three writes where ten calls wrote it before:
 * the hot part of recording (issue 14).
 */
export function writeInput(w: BitWriter, last: Uint32Array, maxPlayers: number, slot: number, gap: number, control: number, seq: number, late: number): void {
  const buttons = controlButtons(control);
  const steer = controlSteer(control);
  const lastButtons = last[BUTTONS * maxPlayers + slot];
  const lastSteer = last[STEER * maxPlayers + slot];
  const seqGuess = (last[SEQ * maxPlayers + slot] + 1) >>> 0;
  const lastLate = last[LATE * maxPlayers + slot];
  last[SEQ * maxPlayers + slot] = seq;
  const gapBits = ueBits(gap);
  if (buttons === lastButtons && steer === lastSteer && seq === seqGuess && late === lastLate) {
    // KeepAlive (ue 0 = "1") and the slot gap: "1" then ue(gap).
    w.writeBits((1 << gapBits) | (gap + 1), gapBits + 1);
    return;
  }
  last[BUTTONS * maxPlayers + slot] = buttons;
  last[STEER * maxPlayers + slot] = steer;
  last[LATE * maxPlayers + slot] = late;
  const kindBits = INPUT_KIND_BITS + gapBits;
  const kindCode = (INPUT_KIND_CODE << gapBits) | (gap + 1);
  // Buttons and the steer flag (at most 19 bits); a steer change follows in its own code.
  const held = heldByte(buttons, lastButtons);
  const heldBits = (held & 31) + 1;
  const heldCode = ((held >>> 5) << 1) | (steer === lastSteer ? 0 : 1);
  if (steer === lastSteer && seq === seqGuess) {
    // The usual change (new buttons, or a keep-alive that came late): the seq flag "0" and the
    // lateness finish the event, so when it fits it goes out as one write instead of three.
    const lateCode = heldByte(late, lastLate);
    const lateBits = (lateCode & 31) + 1;
    if (kindBits + heldBits + lateBits <= FAST_BITS) {
      w.writeBits((((kindCode << heldBits) | heldCode) << lateBits) | (lateCode >>> 5), kindBits + heldBits + lateBits);
      return;
    }
  }
  w.writeBits(kindCode, kindBits);
  w.writeBits(heldCode, heldBits);
  if (steer !== lastSteer) writeSteerChange(w, lastSteer, steer);
  // The seq flag (a residual follows when it jumped) and the lateness (at most 19 bits).
  if (seq !== seqGuess) {
    w.writeBit(1);
    w.writeSigned((seq - seqGuess) | 0);
  }
  const lateCode = heldByte(late, lastLate);
  w.writeBits(lateCode >>> 5, (lateCode & 31) + (seq === seqGuess ? 1 : 0));
}
