import { isStrategyName, STRATEGY_NAMES, StrategyName } from '../balancer/strategies/strategy';

export interface ClusterArgs {
  /** Game node processes. @default 3 */
  nodes: number;
  /** @default 'ip-hash' */
  strategy: StrategyName;
  /** The balancer's port. @default 8080 */
  port: number;
}

export const CLUSTER_USAGE = `usage: npm run cluster -- [--nodes 3] [--strategy ${STRATEGY_NAMES.join('|')}] [--port 8080]`;

/** `npm run cluster -- --help`. */
export const CLUSTER_HELP = `${CLUSTER_USAGE}

A demo cluster on this machine: N game nodes (separate processes, cluster mode over Redis)
behind the balancer, and Redis: the one at REDIS_URL (or REDIS_CLUSTER_NODES) when it answers,
else a redis-server this command starts and stops. Ctrl-C stops all of it. The teacher console's
load-balancing and gateway cards can drain, kill and start these nodes (the failover lesson).

  --nodes N          game node processes, 1..32 (default 3)
  --strategy NAME    balancing strategy (default ip-hash, or BALANCER_STRATEGY)
  --port P           the balancer's port, students and the teacher open it (default 8080,
                     or BALANCER_PORT); 0 picks a free one
  --help             this text

Environment: REDIS_URL, REDIS_CLUSTER_NODES, JWT_SECRET (shared by the nodes; made for this run
when unset), BALANCER_HOST (default 0.0.0.0), NODE_LOG_LEVEL (the nodes' log level, default warn),
LOG_LEVEL, LOG_FORMAT (pretty|json). See README, "Running a cluster".`;

/** Parses `--name value` / `--name=value`; returns an error message for anything else. */
export function parseClusterArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { ok: true; value: ClusterArgs } | { ok: false; message: string } {
  const args: ClusterArgs = {
    nodes: 3,
    strategy: isStrategyName(env.BALANCER_STRATEGY) ? env.BALANCER_STRATEGY : StrategyName.IpHash,
    port: env.BALANCER_PORT !== undefined ? Number(env.BALANCER_PORT) : 8080,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, message: `${flag} needs a value\n${CLUSTER_USAGE}` };
    if (flag === '--nodes') args.nodes = Number(value);
    else if (flag === '--strategy') {
      if (!isStrategyName(value)) return { ok: false, message: `unknown strategy "${value}"\n${CLUSTER_USAGE}` };
      args.strategy = value;
    } else if (flag === '--port') args.port = Number(value);
    else return { ok: false, message: `unknown option ${flag}\n${CLUSTER_USAGE}` };
  }
  if (!Number.isInteger(args.nodes) || args.nodes < 1 || args.nodes > 32) return { ok: false, message: '--nodes must be 1..32' };
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) return { ok: false, message: '--port must be 0..65535' };
  return { ok: true, value: args };
}
