import { createClient, createCluster } from 'redis';
import type { Logger } from '../logger';

/**
 * The few Redis commands Roundtrip uses, typed once: node-redis's standalone client and its
 * cluster client both provide them, so every seam works unchanged on either.
 */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { PX?: number; NX?: boolean; condition?: 'NX' | 'XX'; expiration?: { type: 'PX'; value: number } }): Promise<string | null>;
  del(key: string | string[]): Promise<number>;
  pExpire(key: string, ms: number): Promise<number>;
  hSet(key: string, field: string, value: string): Promise<number>;
  hGetAll(key: string): Promise<Record<string, string>>;
  hDel(key: string, field: string | string[]): Promise<number>;
  sAdd(key: string, member: string | string[]): Promise<number>;
  sRem(key: string, member: string | string[]): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  sPublish(channel: string, message: string | Buffer): Promise<number>;
  sSubscribe(channel: string | string[], listener: (message: Buffer, channel: Buffer) => void, bufferMode: true): Promise<void>;
  sUnsubscribe(channel?: string | string[]): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready' | 'end' | 'reconnecting', listener: () => void): unknown;
  connect(): Promise<unknown>;
  duplicate(): RedisCommands;
  close(): Promise<void>;
  destroy(): void;
  readonly isReady: boolean;
}

export interface RedisTarget {
  /** redis://host:port of a single Redis. */
  url?: string;
  /** host:port of Redis Cluster nodes (any few; the client discovers the rest). */
  clusterNodes?: string[];
}

/** Reconnect with exponential backoff capped at 2 s, forever: a node outlives Redis restarts. */
function backoffMs(retries: number): number {
  return Math.min(2000, 50 * 2 ** Math.min(retries, 6));
}

/**
 * Opens one Redis connection (standalone or cluster). Commands fail fast while Redis is away
 * (disableOfflineQueue) instead of piling up in memory: the game keeps ticking and callers treat
 * a failed command as "Redis is down".
 */
export function createRedisConnection(target: RedisTarget, log: Logger, name: string): RedisCommands {
  const common = {
    disableOfflineQueue: true,
    socket: { reconnectStrategy: backoffMs, connectTimeout: 2000 },
  };
  let client: RedisCommands;
  if (target.clusterNodes !== undefined && target.clusterNodes.length > 0) {
    client = createCluster({
      rootNodes: target.clusterNodes.map((hostPort) => ({ url: `redis://${hostPort}` })),
      defaults: common,
      // Sharded pub/sub and keys with hash tags: a room lives on one shard.
    }) as unknown as RedisCommands;
  } else {
    client = createClient({ url: target.url ?? 'redis://127.0.0.1:6379', ...common }) as unknown as RedisCommands;
  }
  let lastErrorLogMs = 0;
  client.on('error', (error: Error) => {
    // The client retries by itself; log at most once a second so an outage does not flood logs.
    const now = Date.now();
    if (now - lastErrorLogMs > 1000) {
      lastErrorLogMs = now;
      log.warn({ redis: name, err: error.message }, 'redis connection error');
    }
  });
  return client;
}
