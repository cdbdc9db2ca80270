import { createRedisConnection } from '../cluster/redis-connection';
import { RedisNodeRegistry } from '../cluster/node-registry';
import { RedisRoomDirectory } from '../cluster/room-directory';
import { createLogger } from '../logger';
import { AuthTokens } from '../security/auth-tokens';
import { loadBalancerConfig } from './balancer-config';
import { startBalancer } from './proxy-server';

/**
 * `tsx server/balancer/main.ts`: the balancer on its own, finding the game nodes in the Redis
 * node registry (REDIS_URL or REDIS_CLUSTER_NODES). Ctrl-C closes it.
 */
async function main(): Promise<void> {
  const config = loadBalancerConfig();
  const log = createLogger(config.logLevel, 'balancer');
  const redis = createRedisConnection(
    config.redisClusterNodes !== undefined ? { clusterNodes: config.redisClusterNodes } : { url: config.redisUrl },
    log,
    'balancer',
  );
  await redis.connect();
  const balancer = await startBalancer({
    registry: new RedisNodeRegistry(redis),
    roomDirectory: new RedisRoomDirectory(redis),
    strategy: config.strategy,
    port: config.port,
    host: config.host,
    trustedProxies: config.trustedProxies,
    adminToken: config.adminToken,
    teacherTokens: config.jwtSecret !== undefined ? new AuthTokens(config.jwtSecret) : undefined,
    pollIntervalMs: config.healthIntervalMs,
    healthTimeoutMs: config.healthTimeoutMs,
    log,
  });
  process.stdout.write(`\n  Roundtrip balancer (${balancer.strategy}) at ${balancer.url}\n\n`);

  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals > 1) process.exit(130);
    void balancer
      .stop()
      .then(() => redis.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`Balancer failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
