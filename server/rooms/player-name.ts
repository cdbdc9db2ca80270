/** Longest display name, in characters (code points). */
export const PLAYER_NAME_MAX_CHARS = 16;

/** Longest raw input looked at; longer is refused outright. */
const RAW_NAME_MAX_UNITS = 200;

export type PlayerNameCheck =
  | { ok: true; name: string }
  | { ok: false; code: 'NAME_INVALID' | 'NAME_EMPTY' | 'NAME_INVISIBLE'; message: string };

/**
 * Characters that draw nothing although Unicode does not call them default-ignorable: the
 * braille blank (U+2800, a favourite for "empty" names) and the Hangul fillers, which are
 * default-ignorable but letters (Lo), so \p{L} alone would count them as visible.
 */
const BLANK_LOOKING = /[\u2800\u115F\u1160\u3164\uFFA0]/gu;

/**
 * Invisible by themselves: default-ignorable code points (zero-width characters, variation
 * selectors, tags, fillers), whitespace, and combining marks (which need a letter to sit on).
 */
const NOT_VISIBLE_ALONE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{M}]/gu;

/**
 * Display names are plain text: control and formatting characters are removed and whitespace
 * collapsed; markup characters are kept as text because every view renders names as text,
 * never as HTML. A name must keep at least one character that draws something (issue 13 §8:
 * U+3164 or U+2800 alone made a player nobody could see in the roster).
 */
export function checkPlayerName(input: unknown): PlayerNameCheck {
  if (typeof input !== 'string' || input.length > RAW_NAME_MAX_UNITS) {
    return { ok: false, code: 'NAME_INVALID', message: `A name is text of at most ${PLAYER_NAME_MAX_CHARS} letters.` };
  }
  const cleaned = input
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const name = Array.from(cleaned).slice(0, PLAYER_NAME_MAX_CHARS).join('').trim();
  if (name.length === 0) return { ok: false, code: 'NAME_EMPTY', message: `Choose a name of 1 to ${PLAYER_NAME_MAX_CHARS} letters.` };
  if (name.replace(BLANK_LOOKING, '').replace(NOT_VISIBLE_ALONE, '').length === 0) {
    return { ok: false, code: 'NAME_INVISIBLE', message: 'That name shows nothing on screen: use at least one visible letter.' };
  }
  return { ok: true, name };
}

/** The cleaned name, or null when it is not acceptable (see checkPlayerName for why). */
export function sanitizePlayerName(input: unknown): string | null {
  const checked = checkPlayerName(input);
  return checked.ok ? checked.name : null;
}

export type RoomNameCheck = { ok: true } | { ok: false; code: 'NAME_TAKEN'; message: string };

/**
 * Whether `name` (already cleaned) may join a room whose seats hold `names`, where
 * `seated[slot]` is non-zero for a seat in use: an exact duplicate of a seated player's name is
 * refused, so a roster (and the teacher's "remove" button) never shows two identical rows.
 * `ownSlot` is the joiner's own seat on a resume (its own name is no clash).
 *
 * For the join path (server/net): pure, no room type needed, so the seat owner can call it
 * before seating.
 */
export function checkNameInRoom(name: string, names: readonly string[], seated: ArrayLike<number>, ownSlot = -1): RoomNameCheck {
  for (let slot = 0; slot < names.length && slot < seated.length; slot++) {
    if (slot !== ownSlot && seated[slot] !== 0 && names[slot] === name) {
      return { ok: false, code: 'NAME_TAKEN', message: `Someone in this room is already called "${name}"; choose another name.` };
    }
  }
  return { ok: true };
}
