import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { NodeStats } from '../node-stats';
import type { RateLimitRedis } from './rate-limit-redis';
import { apiError } from './api-error';
import { originAllowed } from '../security/origin';

export interface SecurityOptions {
  corsOrigins: string[];
  rateLimitPerMinute: number;
  stats: NodeStats;
  /** Where the rate limits count in a cluster (shared by every node); unset: this node's memory. */
  redis?: RateLimitRedis | undefined;
}

/** Prefix of the rate limits' keys in Redis, beside the other rt:* keys. */
const RATE_LIMIT_NAMESPACE = 'rt:ratelimit:';

/**
 * Whether a request is for the API, judged as the router saw it: by the matched route's pattern,
 * or by the percent-decoded path (for what no API route matched). The raw URL is not enough: the router
 * decodes `/%61pi/rooms` to `/api/rooms`, and a check on the raw text let a foreign page create
 * rooms (issue 13 §3).
 */
export function isApiRequest(request: FastifyRequest): boolean {
  if (request.routeOptions.url?.startsWith('/api/') === true) return true;
  const path = request.url.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Malformed escapes: the router answers 400/404; judge the raw path.
  }
  return decoded.startsWith('/api/') || path.toLowerCase().startsWith('/api/');
}

/** A Host header that can be written into a CSP source unchanged (name or IP, optional port). */
const PLAIN_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** ws:// and wss:// of the host the page was served from (CSP directive values may be per request). */
function sameHostSockets(request: IncomingMessage): string {
  const host = request.headers.host;
  return host !== undefined && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/** Each configured origin, and the same host's WebSocket scheme. */
function connectOrigins(origins: string[]): string[] {
  const sources: string[] = [];
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    sources.push(url.origin, `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
  }
  return sources;
}

/**
 * Security headers (helmet, with a CSP that allows only this origin's scripts and sockets),
 * a CORS allow-list, and a per-address rate limit answering 429 JSON. A cross-origin API call
 * from an origin not on the list is refused outright (403) rather than merely left without
 * CORS headers, so the refusal is visible and counted for the security lesson.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  const { corsOrigins, stats } = options;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Phaser sizes its canvas with inline style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        // Sockets and fetches go to this node and the configured origins only (issue 13 §8: a
        // bare ws: wss: let an injected script talk to any host). 'self' covers same-origin
        // WebSockets in CSP 3 browsers; the explicit ws(s)://host is for older Safari.
        'connect-src': ["'self'", sameHostSockets, ...connectOrigins(corsOrigins)],
        'worker-src': ["'self'", 'blob:'],
        'upgrade-insecure-requests': null,
      },
    },
    // The game runs over plain HTTP on a classroom LAN unless TLS is configured.
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifyCors, {
    origin: (origin, callback) => callback(null, origin !== undefined && corsOrigins.includes(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'if-none-match', 'if-modified-since'],
    exposedHeaders: ['etag', 'last-modified'],
    maxAge: 600,
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const origin = request.headers.origin;
    if (!isApiRequest(request) || originAllowed(origin, request.headers.host, corsOrigins)) return;
    stats.corsRefused++;
    await reply.code(403).send(apiError('CORS_ORIGIN_REFUSED', `Origin ${String(origin).slice(0, 100)} may not call this API.`));
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    ...(options.redis !== undefined ? { redis: options.redis, nameSpace: RATE_LIMIT_NAMESPACE } : {}),
    // The general limit lets requests through while Redis is away (the node plays on degraded);
    // the limits on creating rooms and on passwords refuse instead (ApiLimits).
    skipOnError: true,
    onExceeded: () => {
      stats.httpRateLimited++;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...apiError('RATE_LIMITED', `More than ${context.max} requests per ${context.after}; retry later.`),
    }),
  });
}
