import { randomBytes } from 'node:crypto';
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
