import { createHash } from 'node:crypto';

/**
 * A session's public name: a hash of its resume token. Redis keys, saved rooms (on disk and in
 * Redis), cluster messages and player tokens (JWT) carry this, never the resume token itself,
 * so reading any of them does not let anyone resume a seat (issue 13 §8). A seat learns its
 * token again when its player presents it.
 */
export function sessionIdOf(resumeToken: string): string {
  return createHash('sha256').update(resumeToken).digest('base64url').slice(0, 32);
}
