import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type AuthTokens } from '../security/auth-tokens';
import { apiError, sendJson } from './json-reply';

/** Who may use the balancer's controls (the strategy switch, the failover lesson's nodes). */
export interface AdminAuth {
  /** An operator's bearer token (BALANCER_ADMIN_TOKEN, or made per run by `npm run cluster`). */
  adminToken: string | undefined;
  /** Verifies teacher tokens (the cluster's JWT_SECRET): a classroom's teacher may use them too. */
  teacherTokens: AuthTokens | undefined;
}

/** Small JSON bodies only: a strategy name, an empty object. */
export const MAX_ADMIN_BODY_BYTES = 1024;

/**
 * The checks every control request passes (issue 13 §8): a foreign Origin is refused (a page
 * elsewhere must not drive it from a teacher's browser); a request with a body must send JSON
 * (a cross-site form or a no-cors fetch can only send text/plain, form or multipart without a
 * preflight, which the balancer never grants); and the caller shows an operator's admin token
 * or a teacher's token. Loopback alone is not enough: a browser on the teacher's machine is on
 * loopback too. Answers the refusal itself; true when the request may go on.
 */
export async function admitControl(req: IncomingMessage, res: ServerResponse, auth: AdminAuth, options: { what: string; json: boolean }): Promise<boolean> {
  const origin = req.headers.origin;
  if (origin !== undefined && !sameHost(origin, req.headers.host)) {
    sendJson(res, 403, apiError('CORS_ORIGIN_REFUSED', `Origin ${origin.slice(0, 100)} may not ${options.what}.`));
    return false;
  }
  if (options.json) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      sendJson(res, 415, apiError('UNSUPPORTED_MEDIA_TYPE', 'Send application/json.'));
      return false;
    }
  }
  if (auth.adminToken === undefined && auth.teacherTokens === undefined) {
    sendJson(res, 403, apiError('FORBIDDEN', `Set BALANCER_ADMIN_TOKEN (or JWT_SECRET, for teacher tokens) to ${options.what}.`));
    return false;
  }
  if (!(await authorized(req.headers.authorization, auth))) {
    res.setHeader('www-authenticate', 'Bearer realm="roundtrip-balancer"');
    sendJson(res, 401, apiError('UNAUTHORIZED', 'An admin token or a teacher token (Authorization: Bearer ...) is required.'));
    return false;
  }
  return true;
}

async function authorized(header: string | undefined, auth: AdminAuth): Promise<boolean> {
  if (auth.adminToken !== undefined && auth.adminToken !== '' && bearerMatches(header, auth.adminToken)) return true;
  const jwt = bearerToken(header);
  if (jwt === null || auth.teacherTokens === undefined) return false;
  const verified = await auth.teacherTokens.verify(jwt);
  return verified.ok && verified.claims.role === 'teacher';
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (match === null) return false;
  // Compare digests: equal length, constant time, whatever the caller sent.
  const given = createHash('sha256').update(match[1].trim()).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

/** The body as text, or null past `maxBytes` (the rest is read and dropped, never kept). */
export function readBody(req: IncomingMessage, maxBytes = MAX_ADMIN_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
