import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { NodeStats } from '../node-stats';
import { apiError } from './rooms-routes';
import { originAllowed } from '../security/origin';

export interface SecurityOptions {
  corsOrigins: string[];
  rateLimitPerMinute: number;
  stats: NodeStats;
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
        'connect-src': ["'self'", 'ws:', 'wss:'],
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
    if (!request.url.startsWith('/api/') || originAllowed(origin, request.headers.host, corsOrigins)) return;
    stats.corsRefused++;
    await reply.code(403).send(apiError('CORS_ORIGIN_REFUSED', `Origin ${String(origin).slice(0, 100)} may not call this API.`));
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    onExceeded: () => {
      stats.httpRateLimited++;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...apiError('RATE_LIMITED', `More than ${context.max} requests per ${context.after}; retry later.`),
    }),
  });
}
