import { randomBytes } from 'node:crypto';
import type { Balancer } from '../../server/balancer/balancer-api';
import { startBalancer } from '../../server/balancer/proxy-server';
import { StrategyName } from '../../server/balancer/strategies/strategy';
import { RedisNodeRegistry } from '../../server/cluster/node-registry';
import { createRedisConnection, type RedisCommands } from '../../server/cluster/redis-connection';
import { RedisRoomDirectory } from '../../server/cluster/room-directory';
import { createLogger } from '../../server/logger';
import { startNodeProcess, type NodeProcess } from '../../server/process/node-process';
import { startRedis, type RedisProcess } from '../../server/process/redis-server';

export interface ChaosClusterOptions {
  nodes: number;
  /** Extra environment for every node (ROUND_SECONDS, RESUME_GRACE_MS, ...). */
  nodeEnv?: Record<string, string>;
}

/**
 * A small cluster of our own on loopback: a redis-server, N node processes sharing one JWT
 * secret, and the balancer (room affinity) in this process, found through the Redis registry
 * as `npm run cluster` does. Nodes and Redis can be killed and brought back by name.
 */
export class ChaosCluster {
  readonly nodes = new Map<string, NodeProcess>();
  private balancer: Balancer | null = null;
  private balancerRedis: RedisCommands | null = null;
  private readonly jwtSecret = randomBytes(32).toString('base64url');

  private constructor(
    readonly redis: RedisProcess,
    private readonly options: ChaosClusterOptions,
  ) {}

  static async start(options: ChaosClusterOptions): Promise<ChaosCluster> {
    const cluster = new ChaosCluster(await startRedis(), options);
    try {
      await Promise.all(Array.from({ length: options.nodes }, (_, i) => cluster.startNode(`node-${i + 1}`)));
      const log = createLogger('silent', 'balancer');
      cluster.balancerRedis = createRedisConnection({ url: cluster.redis.url }, log, 'balancer');
      await cluster.balancerRedis.connect();
      cluster.balancer = await startBalancer({
        registry: new RedisNodeRegistry(cluster.balancerRedis),
        roomDirectory: new RedisRoomDirectory(cluster.balancerRedis),
        strategy: StrategyName.RoomAffinity,
        host: '127.0.0.1',
        port: 0,
        log,
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get url(): string {
    if (this.balancer === null) throw new Error('balancer not started');
    return this.balancer.url;
  }

  get nodeIds(): string[] {
    return [...this.nodes.keys()].sort();
  }

  /** Starts (or restarts, on a new port) the node called `id`. */
  async startNode(id: string): Promise<NodeProcess> {
    const node = await startNodeProcess({
      NODE_ID: id,
      REDIS_URL: this.redis.url,
      JWT_SECRET: this.jwtSecret,
      LOG_LEVEL: 'error',
      ...this.options.nodeEnv,
    });
    this.nodes.set(id, node);
    return node;
  }

  /** SIGKILL: a crash, no goodbye to anyone. */
  async killNode(id: string): Promise<void> {
    await this.nodes.get(id)?.kill();
  }

  /** Every running node answers /healthz with status ok (Redis reachable from each). */
  async allHealthy(): Promise<boolean> {
    const answers = await Promise.all(
      [...this.nodes.values()].map(async (node) => {
        try {
          const response = await fetch(new URL('/healthz', node.url), { signal: AbortSignal.timeout(1000) });
          return response.ok && ((await response.json()) as { status?: string }).status === 'ok';
        } catch {
          return false;
        }
      }),
    );
    return answers.every(Boolean);
  }

  /** Owner of a room as the cluster says (asked through the balancer), or null. */
  async ownerOf(code: string): Promise<string | null> {
    try {
      const response = await fetch(new URL(`/api/rooms/${code}`, this.url), { signal: AbortSignal.timeout(1000) });
      if (!response.ok) return null;
      const body = (await response.json()) as { owner?: unknown };
      return typeof body.owner === 'string' ? body.owner : null;
    } catch {
      return null;
    }
  }

  async stop(): Promise<void> {
    await this.balancer?.stop().catch(() => undefined);
    await this.balancerRedis?.close().catch(() => undefined);
    await Promise.all([...this.nodes.values()].map((n) => n.stop().catch(() => undefined)));
    await this.redis.stop();
  }
}
