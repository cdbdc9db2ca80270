/**
 * Room codes are read off a projector and typed on phones, so the alphabet leaves out the
 * look-alikes (0/O, 1/I/L) and vowels that could spell words. 28 letters ^ 5 = 17 million codes:
 * too many to guess a live room by chance at the HTTP rate limit.
 */
export const ROOM_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXYZ23456789';
export const ROOM_CODE_LENGTH = 5;
const CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** Upper-cases and trims what a person typed; returns null when it cannot be a room code. */
export function normalizeRoomCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  const code = input.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}
