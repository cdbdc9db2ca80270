import type { FastifyInstance } from 'fastify';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { NodeConfig } from '../config';
import type { NodeStats } from '../node-stats';
import type { RoomManager } from '../rooms/room-manager';
import type { FixedStepLoop } from '../tick/fixed-step-loop';
import type { ResponseCache } from './response-cache';

export interface StatsRouteDeps {
  config: NodeConfig;
  stats: NodeStats;
  rooms: RoomManager;
  loop: FixedStepLoop;
  cluster: ClusterCoordinator;
  cache: ResponseCache;
}

/**
 * The live numbers the lesson panels show (GET /api/stats): this node's HTTP and WebSocket
 * traffic, cache and security counters, and the cluster's node registry. Never cached.
 */
export function registerStatsRoute(app: FastifyInstance, deps: StatsRouteDeps): void {
  const { config, stats, rooms, loop, cluster, cache } = deps;
  app.get('/api/stats', async (_request, reply) => {
    const nodes = await cluster.shared.registry.list().catch(() => []);
    reply.header('cache-control', 'no-store');
    return {
      nodeId: config.nodeId,
      atEpochMs: Date.now(),
      cluster: { enabled: cluster.enabled, redis: cluster.enabled ? (cluster.redisReady() ? 'up' : 'down') : 'not used', nodes, takeovers: cluster.takeovers },
      game: {
        rooms: rooms.size,
        players: rooms.playerCount(),
        tickRateHz: config.tickRateHz,
        ticks: loop.ticksRun,
        ticksSkipped: loop.ticksSkipped,
        tickP50Ms: loop.tickDurationMs.percentile(50),
        tickP99Ms: loop.tickDurationMs.percentile(99),
        snapshotCodec: config.snapshotCodec,
      },
      websocket: {
        snapshotsSent: stats.snapshotsSent,
        snapshotBytesSent: stats.snapshotBytesSent,
        inputsAccepted: stats.inputsAccepted,
        inputsRejected: stats.inputsRejected,
        socketsCutOff: stats.socketsCutOff,
      },
      http: { requests: stats.httpRequests, recent: stats.recentHttp },
      cache: { ...cache.counters },
      security: {
        corsRefused: stats.corsRefused,
        httpRateLimited: stats.httpRateLimited,
        tls: config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined,
        corsOrigins: config.corsOrigins,
      },
    };
  });
}
