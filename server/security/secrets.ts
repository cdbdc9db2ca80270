import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import { readOwnFileSync, writePrivateFileSync, type OwnFileRules } from './private-file';

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
 *
 * The temp folder is shared by every user of the machine, so a kept secret is used only if
 * this user owns the file and nobody else may read or write it (issue 13 §5: a planted file
 * let a forged teacher token through). Any other file is refused with a warning and replaced;
 * when it cannot be replaced (another user's file in a sticky folder), this process uses a
 * secret of its own.
 */
export function developmentSecret(file: string, log: Logger, rules: OwnFileRules = {}): string {
  const kept = readOwnFileSync(file, { ...rules, privateOnly: true });
  if (kept.ok) {
    const secret = kept.text.trim();
    if (secret.length >= 32) {
      // The start-up banner says what this means; the log need not say it again as a warning.
      log.debug({ file }, 'JWT_SECRET is not set: using the development secret kept in the temp folder');
      return secret;
    }
    log.warn({ file }, 'the kept development secret is too short: replacing it');
  } else if (kept.reason !== 'missing') {
    log.warn({ file, reason: kept.reason, detail: kept.detail }, 'refusing the development secret file (not private to this user): replacing it');
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writePrivateFileSync(file, secret);
    log.debug({ file }, 'JWT_SECRET is not set: generated a development secret and kept it in the temp folder');
  } catch (error) {
    log.warn({ file, err: error instanceof Error ? error.message : String(error) }, 'JWT_SECRET is not set: using a random secret for this process only');
  }
  return secret;
}
