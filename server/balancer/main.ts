import { createRedisConnection } from '../cluster/redis-connection';
import { RedisNodeRegistry } from '../cluster/node-registry';
import { RedisRoomDirectory } from '../cluster/room-directory';
import { createLogger } from '../logger';
import { exitWithUsageIfAsked } from '../cli-help';
import { AuthTokens } from '../security/auth-tokens';
import { loadBalancerConfig } from './balancer-config';
import { startBalancer } from './proxy-server';

/**
 * `tsx server/balancer/main.ts`: the balancer on its own, finding the game nodes in the Redis
 * node registry (REDIS_URL or REDIS_CLUSTER_NODES). Ctrl-C closes it.
 */
async function main(): Promise<void> {
  exitWithUsageIfAsked(`Usage: npm run balancer

The balancer on its own: an HTTP and WebSocket reverse proxy in front of game nodes that it
finds in the Redis node registry. Configured from the environment: REDIS_URL or
REDIS_CLUSTER_NODES, BALANCER_PORT (8080), BALANCER_HOST (0.0.0.0), BALANCER_STRATEGY
(ip-hash), BALANCER_TRUSTED_PROXIES, BALANCER_ADMIN_TOKEN, LOG_LEVEL. See docs/balancer.md;
\`npm run cluster\` starts nodes, Redis and this balancer together. Ctrl-C stops it.`);
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
