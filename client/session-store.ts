/**
 * The resume token lives in sessionStorage: it survives a reload of this tab (so the reload
 * resumes the same scooter) but is not shared with other tabs, each of which is its own player.
 */
const KEY = 'roundtrip.session';

export interface StoredSession {
  token: string;
  room: string;
}

export function loadSession(storage: Storage): StoredSession | null {
  try {
    const raw: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return null;
    const { token, room } = raw as Record<string, unknown>;
    return typeof token === 'string' && typeof room === 'string' ? { token, room } : null;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage, session: StoredSession): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}
