import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Logger } from '../logger';

/**
 * The signing secret comes from the environment (JWT_SECRET, at least 32 characters) and never
 * from the repo. Without one — local development — a random secret is made for this process
 * with a warning: tokens then die with the process and other nodes cannot verify them.
 */
export function signingSecret(fromEnv: string | undefined, log: Logger): string {
  if (fromEnv !== undefined) return fromEnv;
  log.warn('JWT_SECRET is not set: using a random secret for this process only (fine for development, not for a cluster)');
  return randomBytes(32).toString('base64url');
}

/**
 * For `npm start` without JWT_SECRET: a random secret kept in a private file in the temp
 * folder, so a restart (which keeps the rooms) also keeps teachers' and players' tokens
 * valid. Still a development convenience: production sets JWT_SECRET.
 */
export function developmentSecret(file: string, log: Logger): string {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) {
      log.warn({ file }, 'JWT_SECRET is not set: using the development secret kept in the temp folder');
      return kept;
    }
  } catch {
    // No secret kept yet: make one below.
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600 });
    log.warn({ file }, 'JWT_SECRET is not set: generated a development secret and kept it in the temp folder');
  } catch {
    log.warn('JWT_SECRET is not set: using a random secret for this process only');
  }
  return secret;
}
