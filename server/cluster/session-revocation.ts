import type { SessionStore } from './session-store';
import type { Logger } from '../logger';

/**
 * Ends a player's session for good (the teacher removed them): every player token issued for
 * it is refused by every node sharing `sessions` for as long as such a token could live
 * (issue 13 §8). Called from the classroom kick path; never throws (a failure is logged: the
 * seat is gone anyway, only the API token lives on until it expires).
 */
export async function revokePlayerSession(sessions: SessionStore, sessionId: string, tokenTtlMs: number, log: Logger): Promise<void> {
  if (sessionId.length === 0) return;
  await sessions.revoke(sessionId, tokenTtlMs).catch((error: unknown) => {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not record a revoked session');
  });
}
