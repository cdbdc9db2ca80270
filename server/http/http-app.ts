import Fastify, { type FastifyInstance } from 'fastify';
import type { NodeConfig } from '../config';
import type { NodeStats } from '../node-stats';
import type { RoomManager } from '../rooms/room-manager';
import type { FixedStepLoop } from '../tick/fixed-step-loop';
import type { Logger } from '../logger';
import type { NodeMetrics } from './node-metrics';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { ClassroomService } from '../classroom/classroom-service';
import type { AuthTokens } from '../security/auth-tokens';
import type { BotHost } from '../classroom/bot-host';
import type { ResponseCache } from './response-cache';
import { createLogger } from '../logger';
import { ApiLimits } from './api-limits';
import { registerClassroomRoutes } from './classroom-routes';
import { registerJoinInfoRoute } from './join-info-route';
import { connectRateLimitRedis } from './rate-limit-redis';
import { registerLeaderboardRoutes } from './leaderboard-routes';
import { isApiRequest, registerSecurity } from './security';
import { registerStatsRoute } from './stats-route';
import { apiError } from './api-error';
import { registerRoomsRoutes } from './rooms-routes';
import { registerReplayRoutes } from './replay-routes';
import { defaultClientDist, registerStaticClient } from './static-client';

export interface HttpAppDeps {
  config: NodeConfig;
  rooms: RoomManager;
  stats: NodeStats;
  loop: FixedStepLoop;
  startedAtMs: number;
  /** Served at GET /metrics when given. */
  metrics?: NodeMetrics;
  log?: Logger;
  cluster?: ClusterCoordinator;
  classroom?: ClassroomService;
  auth?: AuthTokens;
  responseCache?: ResponseCache;
  /** Server-side bots: their per-address limit counts against the address that created the room. */
  bots?: BotHost;
  /** PEM contents: serve HTTPS (and WSS) when given. */
  tls?: { cert: Buffer; key: Buffer };
}

/**
 * How often Node looks for requests past their header or request timeout. Node's default (30 s)
 * adds up to 30 s to any limit; at 1 s a limit is kept to within a second.
 */
const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

/** An idle connection (no byte for this long) is closed. */
const IDLE_CONNECTION_TIMEOUT_MS = 10_000;

export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { config, rooms, stats, loop } = deps;
  // Both timeouts go to Node's server (fastify has no headersTimeout option): fastify's own
  // requestTimeout beside Node's 60 s headersTimeout was swapped into 60 s by Node (issue 13 §7).
  // Slow senders (a header or body at a byte a second) get 408 and are closed.
  const serverTimeouts = {
    headersTimeout: config.httpHeadersTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    connectionsCheckingInterval: CONNECTIONS_CHECK_INTERVAL_MS,
  };
  const app = Fastify({
    bodyLimit: config.httpBodyLimitBytes,
    requestTimeout: config.httpRequestTimeoutMs,
    connectionTimeout: IDLE_CONNECTION_TIMEOUT_MS,
    http: serverTimeouts,
    logger: false,
    // Behind the balancer or nginx, the client address comes from X-Forwarded-For, trusted only
    // from loopback (where the balancer runs in the cluster command).
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    ...(deps.tls !== undefined ? { https: { cert: deps.tls.cert, key: deps.tls.key, ...serverTimeouts } } : {}),
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; error?: { code: string; message: string } }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    // The client only hears "Internal error.": the log is where the operator finds what failed.
    // The route's pattern, not the path, and the error's own fields, not every property a client
    // library hangs on it (a Redis command's keys): both would carry room codes.
    if (status === 500) {
      const err = { type: error.name, message: error.message, stack: error.stack, code: error.code };
      deps.log?.error({ err, method: request.method, route: request.routeOptions.url ?? 'unmatched' }, 'a request failed');
    }
    // Plugins that answer with our own error shape (the rate limiter) pass it through.
    if (error.error !== undefined && typeof error.error.code === 'string') {
      void reply.code(status).send({ error: error.error });
      return;
    }
    const code = status === 413 ? 'BODY_TOO_LARGE' : status === 500 ? 'INTERNAL' : (error.code ?? 'BAD_REQUEST');
    void reply.code(status).send(apiError(code, status === 500 ? 'Internal error.' : error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(apiError('NOT_FOUND', `Nothing at ${request.method} ${request.url.slice(0, 100)}.`));
  });

  const clustered = config.redisUrl !== undefined || (config.redisClusterNodes?.length ?? 0) > 0;
  const limitsRedis = clustered
    ? await connectRateLimitRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes }, deps.log ?? createLogger('silent', config.nodeId))
    : undefined;
  // disconnect(), not quit(): a stop while Redis is down must not wait for (or reject on) it.
  if (limitsRedis !== undefined) app.addHook('onClose', async () => limitsRedis.disconnect());
  await registerSecurity(app, { corsOrigins: config.corsOrigins, rateLimitPerMinute: config.httpRateLimitPerMinute, stats, redis: limitsRedis });
  const limits = new ApiLimits(app, {
    roomCreatePerMinute: config.roomCreateLimitPerMinute,
    roomsPerAddress: config.maxRoomsPerAddress,
    passwordFailuresMax: config.teacherPasswordFailuresMax,
    passwordFailureWindowMs: config.teacherPasswordFailureWindowS * 1000,
    roomOpen: (code) => rooms.get(code) !== undefined,
    stats,
  });
  deps.bots?.attributeRooms((code) => limits.creatorOf(code));
  // What the protocols lesson shows: recent API requests with method, route, status and size.
  // The route's pattern (/api/rooms/:code/teacher), never the path: /api/stats is public and
  // the paths carry room codes, which are what lets anyone join (issue 13 §4).
  app.addHook('onResponse', async (request, reply) => {
    if (!isApiRequest(request)) return;
    const length = Number(reply.getHeader('content-length') ?? 0);
    stats.recordHttp(request.method, request.routeOptions.url ?? '(no route)', reply.statusCode, Number.isFinite(length) ? length : 0);
  });

  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const cluster = deps.cluster;
    // Degraded, not down: without Redis the node's own rooms keep ticking and its players
    // keep playing, so a balancer should keep sending them here.
    const redis = cluster?.enabled ? (cluster.redisReady() ? 'up' : 'down') : 'not used';
    return {
      status: redis === 'down' ? 'degraded' : 'ok',
      redis,
      nodeId: config.nodeId,
      rooms: rooms.size,
      players: rooms.playerCount(),
      tickRateHz: config.tickRateHz,
      ticks: loop.ticksRun,
      ticksSkipped: loop.ticksSkipped,
      uptimeS: Math.round((performance.now() - deps.startedAtMs) / 1000),
    };
  });

  const metrics = deps.metrics;
  if (metrics !== undefined) {
    app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
      reply.header('cache-control', 'no-store').type(metrics.contentType);
      return metrics.render();
    });
  }

  registerRoomsRoutes(app, { rooms, stats, log: deps.log, cluster: deps.cluster, limits });
  registerJoinInfoRoute(app, config);
  if (deps.cluster !== undefined && deps.classroom !== undefined && deps.auth !== undefined && deps.responseCache !== undefined) {
    // Kicked players' tokens are refused wherever a player token is verified (issue 13 §8).
    const sessions = deps.cluster.shared.sessions;
    deps.auth.checkRevocationsWith((sid) => sessions.isRevoked(sid));
    registerClassroomRoutes(app, { classroom: deps.classroom, auth: deps.auth, cluster: deps.cluster, limits, passwordRequired: config.teacherPassword !== undefined });
    registerLeaderboardRoutes(app, deps.cluster, deps.responseCache, deps.auth);
    registerReplayRoutes(app, { store: deps.cluster.shared.replays, auth: deps.auth });
    registerStatsRoute(app, { config, stats, rooms, loop, cluster: deps.cluster, cache: deps.responseCache });
  }
  await registerStaticClient(app, config.clientDist ?? defaultClientDist());
  return app;
}
