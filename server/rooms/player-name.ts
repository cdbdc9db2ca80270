/** Longest display name, in characters (code points). */
export const PLAYER_NAME_MAX_CHARS = 16;

/**
 * Display names are plain text: control and formatting characters are removed and whitespace
 * collapsed; markup characters are kept as text because every view renders names as text,
 * never as HTML. Returns null when nothing printable is left.
 */
export function sanitizePlayerName(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 200) return null;
  const cleaned = input
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(cleaned).slice(0, PLAYER_NAME_MAX_CHARS).join('').trim();
  return chars.length > 0 ? chars : null;
}
