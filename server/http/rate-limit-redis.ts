import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logger';

export type RateLimitRedis = Redis | Cluster;

export interface RateLimitRedisTarget {
  /** redis://[:password@]host:port of a single Redis. */
  url: string | undefined;
  /** host:port of Redis Cluster nodes. */
  clusterNodes: string[] | undefined;
}

/** Reconnect with backoff capped at 2 s, forever, as the node's other connections do. */
const retryStrategy = (times: number) => Math.min(2000, 50 * 2 ** Math.min(times, 6));

/**
 * The connection @fastify/rate-limit keeps its counters on in a cluster, so every node counts
 * the same requests (issue 13 §8). It is an ioredis client because the plugin's Redis store
 * needs one (it defines its Lua script with ioredis's `defineCommand`); the rest of the node
 * keeps using node-redis. Commands fail at once while Redis is away (no offline queue), so a
 * limit check never hangs a request; each limit decides what a failure means.
 */
export async function connectRateLimitRedis(target: RateLimitRedisTarget, log: Logger): Promise<RateLimitRedis | undefined> {
  const common = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true } as const;
  let client: RateLimitRedis;
  if (target.clusterNodes !== undefined && target.clusterNodes.length > 0) {
    client = new Cluster(
      target.clusterNodes.map((hostPort) => {
        const [host, port] = hostPort.split(':');
        return { host, port: Number(port) };
      }),
      { enableOfflineQueue: false, lazyConnect: true, clusterRetryStrategy: retryStrategy, redisOptions: { connectTimeout: 2000, maxRetriesPerRequest: 1 } },
    );
  } else if (target.url !== undefined) {
    client = new Redis(target.url, { ...common, retryStrategy });
  } else {
    return undefined;
  }
  let lastErrorLogMs = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastErrorLogMs > 1000) {
      lastErrorLogMs = now;
      log.warn({ redis: 'rate-limit', err: error.message }, 'redis connection error');
    }
  });
  await client.connect();
  return client;
}
