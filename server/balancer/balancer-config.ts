import { z } from 'zod';
import { parseTrustedProxies } from '../security/client-address';
import { STRATEGY_NAMES, StrategyName } from './strategies/strategy';

const EnvSchema = z.object({
  BALANCER_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  BALANCER_HOST: z.string().min(1).default('0.0.0.0'),
  BALANCER_STRATEGY: z.enum(STRATEGY_NAMES as [StrategyName, ...StrategyName[]]).default(StrategyName.IpHash),
  BALANCER_TRUSTED_PROXIES: z.string().optional(),
  BALANCER_ADMIN_TOKEN: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  BALANCER_HEALTH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  BALANCER_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  REDIS_URL: z.string().optional(),
  REDIS_CLUSTER_NODES: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BalancerConfig {
  port: number;
  host: string;
  strategy: StrategyName;
  trustedProxies: Set<string>;
  adminToken: string | undefined;
  /** The nodes' signing secret: with it, a teacher's token may switch the strategy too. */
  jwtSecret: string | undefined;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  redisUrl: string;
  redisClusterNodes: string[] | undefined;
  logLevel: string;
}

/** The balancer's settings from the environment (see docs/balancer.md). */
export function loadBalancerConfig(env: NodeJS.ProcessEnv = process.env): BalancerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid balancer configuration: ${problems}`);
  }
  const e = parsed.data;
  const clusterNodes = e.REDIS_CLUSTER_NODES?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    port: e.BALANCER_PORT,
    host: e.BALANCER_HOST,
    strategy: e.BALANCER_STRATEGY,
    trustedProxies: parseTrustedProxies(e.BALANCER_TRUSTED_PROXIES),
    adminToken: e.BALANCER_ADMIN_TOKEN === '' ? undefined : e.BALANCER_ADMIN_TOKEN,
    jwtSecret: e.JWT_SECRET,
    healthIntervalMs: e.BALANCER_HEALTH_INTERVAL_MS,
    healthTimeoutMs: e.BALANCER_HEALTH_TIMEOUT_MS,
    redisUrl: e.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisClusterNodes: clusterNodes !== undefined && clusterNodes.length > 0 ? clusterNodes : undefined,
    logLevel: e.LOG_LEVEL,
  };
}
