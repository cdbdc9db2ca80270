import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type AuthTokens } from '../security/auth-tokens';
import type { BalancerMetrics } from './balancer-metrics';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies/strategy';

/** Paths the balancer answers itself; everything else goes to a node. */
export const BalancerPath = {
  Metrics: '/metrics',
  Status: '/balancer/status',
  Strategy: '/balancer/strategy',
} as const;

export interface AdminDeps {
  metrics: BalancerMetrics;
  status: () => Promise<unknown>;
  setStrategy: (name: StrategyName) => void;
  /** An operator's bearer token for POST /balancer/strategy (BALANCER_ADMIN_TOKEN). */
  adminToken: string | undefined;
  /** Verifies teacher tokens (the cluster's JWT_SECRET): a classroom's teacher may switch too. */
  teacherTokens: AuthTokens | undefined;
}

/** Small JSON bodies only: a strategy name. */
const MAX_ADMIN_BODY_BYTES = 1024;

export function isBalancerPath(pathname: string): boolean {
  return pathname === BalancerPath.Metrics || pathname.startsWith('/balancer/');
}

/** Answers the balancer's own endpoints. Never throws: failures become JSON errors. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, pathname: string, deps: AdminDeps): Promise<void> {
  try {
    if (pathname === BalancerPath.Metrics && req.method === 'GET') {
      const text = await deps.metrics.render();
      res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' }).end(text);
    } else if (pathname === BalancerPath.Status && req.method === 'GET') {
      sendJson(res, 200, await deps.status());
    } else if (pathname === BalancerPath.Strategy && req.method === 'POST') {
      await switchStrategy(req, res, deps);
    } else {
      sendJson(res, 404, apiError('NOT_FOUND', `Nothing at ${req.method} ${pathname.slice(0, 100)}.`));
    }
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, apiError('INTERNAL', error instanceof Error ? error.message : 'Internal error.'));
    else res.destroy();
  }
}

/**
 * The strategy switch changes routing for everyone, so (issue 13 §8): a foreign Origin is
 * refused (a page elsewhere must not drive it from a teacher's browser), the body must be JSON
 * (a cross-site form or a no-cors fetch can only send text/plain, form or multipart without a
 * preflight, which the balancer never grants), and the caller shows an operator's admin token
 * or a teacher's token. Loopback alone is no longer enough: a browser on the teacher's machine
 * is on loopback too.
 */
async function switchStrategy(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && !sameHost(origin, req.headers.host)) {
    sendJson(res, 403, apiError('CORS_ORIGIN_REFUSED', `Origin ${origin.slice(0, 100)} may not switch the strategy.`));
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    sendJson(res, 415, apiError('UNSUPPORTED_MEDIA_TYPE', 'Send the strategy as application/json.'));
    return;
  }
  if (deps.adminToken === undefined && deps.teacherTokens === undefined) {
    sendJson(res, 403, apiError('FORBIDDEN', 'Set BALANCER_ADMIN_TOKEN (or JWT_SECRET, for teacher tokens) to allow switching strategies.'));
    return;
  }
  if (!(await authorized(req.headers.authorization, deps))) {
    res.setHeader('www-authenticate', 'Bearer realm="roundtrip-balancer"');
    sendJson(res, 401, apiError('UNAUTHORIZED', 'An admin token or a teacher token (Authorization: Bearer ...) is required.'));
    return;
  }
  const body = await readBody(req, MAX_ADMIN_BODY_BYTES);
  if (body === null) {
    sendJson(res, 413, apiError('BODY_TOO_LARGE', `At most ${MAX_ADMIN_BODY_BYTES} bytes.`));
    return;
  }
  let strategy: unknown;
  try {
    strategy = (JSON.parse(body) as { strategy?: unknown }).strategy;
  } catch {
    strategy = undefined;
  }
  if (!isStrategyName(strategy)) {
    sendJson(res, 400, apiError('BAD_STRATEGY', `Send {"strategy": one of ${STRATEGY_NAMES.join(', ')}}.`));
    return;
  }
  deps.setStrategy(strategy);
  sendJson(res, 200, { strategy });
}

async function authorized(header: string | undefined, deps: AdminDeps): Promise<boolean> {
  if (deps.adminToken !== undefined && deps.adminToken !== '' && bearerMatches(header, deps.adminToken)) return true;
  const jwt = bearerToken(header);
  if (jwt === null || deps.teacherTokens === undefined) return false;
  const verified = await deps.teacherTokens.verify(jwt);
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

function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
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

export function apiError(code: string, message: string) {
  return { error: { code, message } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
