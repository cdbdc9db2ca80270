import Fastify, { type FastifyInstance } from 'fastify';
import type { NodeConfig } from '../config';
import type { NodeStats } from '../node-stats';
import type { RoomManager } from '../rooms/room-manager';
import type { FixedStepLoop } from '../tick/fixed-step-loop';
import type { Logger } from '../logger';
import type { NodeMetrics } from './node-metrics';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import { apiError, registerRoomsRoutes } from './rooms-routes';
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
}

export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { config, rooms, stats, loop } = deps;
  const app = Fastify({
    bodyLimit: config.httpBodyLimitBytes,
    // Slow senders may not hold a connection open forever.
    requestTimeout: 10_000,
    connectionTimeout: 10_000,
    logger: false,
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const code = status === 413 ? 'BODY_TOO_LARGE' : status === 500 ? 'INTERNAL' : (error.code ?? 'BAD_REQUEST');
    void reply.code(status).send(apiError(code, status === 500 ? 'Internal error.' : error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(apiError('NOT_FOUND', `Nothing at ${request.method} ${request.url.slice(0, 100)}.`));
  });

  app.get('/healthz', async (_request, reply) => {
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
    app.get('/metrics', async (_request, reply) => {
      reply.header('cache-control', 'no-store').type(metrics.contentType);
      return metrics.render();
    });
  }

  registerRoomsRoutes(app, { rooms, stats, log: deps.log, cluster: deps.cluster });
  await registerStaticClient(app, config.clientDist ?? defaultClientDist());
  return app;
}
