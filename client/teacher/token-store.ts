/** Where the teacher key of each room is kept, so a reload of /teacher?room=CODE comes back. */
const PREFIX = 'roundtrip.teacher.';

export function loadTeacherToken(storage: Storage, code: string): string | null {
  return storage.getItem(PREFIX + code.toUpperCase());
}

export function saveTeacherToken(storage: Storage, code: string, token: string): void {
  storage.setItem(PREFIX + code.toUpperCase(), token);
}

export function forgetTeacherToken(storage: Storage, code: string): void {
  storage.removeItem(PREFIX + code.toUpperCase());
}
