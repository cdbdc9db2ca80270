import type { BitWriter } from '../protocol/bit-writer';
import { bitsFor } from '../protocol/int-bits';
import { PLAYER_FIELD_NAMES, PLAYER_FIELDS, type PlayerFieldName } from '../sim/player-fields';
import type { World } from '../sim/world';

/**
 * The player fields in the order a keyframe writes them (player-fields.ts' order) and their
 * codes: writeKeyframePlayer() below is written out for exactly these, since a loop over field
 * tables loaded each value through an array access that sees five kinds of typed array, about
 * 25 ns a field (issue 14: a keyframe per room every 5 s). A change to the sim's player fields
 * fails here, at import, until the writer follows it; the reader stays generic over
 * PLAYER_FIELDS, and the keyframe and golden tests hold the two together.
 */
const WRITTEN: readonly (readonly [PlayerFieldName, 'bits' | 'ue' | 'se'])[] = [
  ['active', 'bits'],
  ['connected', 'bits'],
  ['px', 'se'],
  ['py', 'se'],
  ['heading', 'bits'],
  ['speed', 'se'],
  ['ackSeq', 'ue'],
  ['ackLate', 'ue'],
  ['carrying', 'bits'],
  ['score', 'se'],
  ['buttons', 'bits'],
  ['steer', 'bits'],
  ['deliveries', 'se'],
];
if (
  WRITTEN.length !== PLAYER_FIELD_NAMES.length ||
  WRITTEN.some(
    ([name, code], i) =>
      PLAYER_FIELD_NAMES[i] !== name ||
      PLAYER_FIELDS[name].code !== code ||
      (code === 'bits' && PLAYER_FIELDS[name].min !== 0) ||
      // slotPresent ORs the fields: integers of 32 bits at most.
      !['u8', 'u16', 'i32', 'u32'].includes(PLAYER_FIELDS[name].array),
  )
) {
  throw new Error(`keyframe-players.ts writes the player fields ${WRITTEN.map(([name]) => name).join(', ')}; player-fields.ts changed them: update the writer`);
}

/** Widths of the 'bits' fields (min 0: checked above). */
const ACTIVE_BITS = bitsFor(PLAYER_FIELDS.active.max);
const CONNECTED_BITS = bitsFor(PLAYER_FIELDS.connected.max);
const HEADING_BITS = bitsFor(PLAYER_FIELDS.heading.max);
const CARRYING_BITS = bitsFor(PLAYER_FIELDS.carrying.max);
const BUTTONS_BITS = bitsFor(PLAYER_FIELDS.buttons.max);
const STEER_BITS = bitsFor(PLAYER_FIELDS.steer.max);

/** A slot holds a player when any of its fields is not zero (a freed slot is all zeros). */
export function slotPresent(world: World, s: number): boolean {
  return (
    (world.active[s] |
      world.connected[s] |
      world.px[s] |
      world.py[s] |
      world.heading[s] |
      world.speed[s] |
      world.ackSeq[s] |
      world.ackLate[s] |
      world.carrying[s] |
      world.score[s] |
      world.buttons[s] |
      world.steer[s] |
      world.deliveries[s]) !==
    0
  );
}

/** Every player field of slot `s`, in order, each in its code (REPLAY-FORMAT.md, keyframe). */
export function writeKeyframePlayer(w: BitWriter, world: World, s: number): void {
  w.writeBits(world.active[s], ACTIVE_BITS);
  w.writeBits(world.connected[s], CONNECTED_BITS);
  w.writeSigned(world.px[s]);
  w.writeSigned(world.py[s]);
  w.writeBits(world.heading[s], HEADING_BITS);
  w.writeSigned(world.speed[s]);
  w.writeVarUint(world.ackSeq[s]);
  w.writeVarUint(world.ackLate[s]);
  w.writeBits(world.carrying[s], CARRYING_BITS);
  w.writeSigned(world.score[s]);
  w.writeBits(world.buttons[s], BUTTONS_BITS);
  w.writeBits(world.steer[s], STEER_BITS);
  w.writeSigned(world.deliveries[s]);
}
