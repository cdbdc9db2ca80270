import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Balancer } from './balancer/balancer-api';
import { startBalancer } from './balancer/proxy-server';
import { RedisNodeRegistry } from './cluster/node-registry';
import { createRedisConnection, type RedisCommands } from './cluster/redis-connection';
import { RedisRoomDirectory } from './cluster/room-directory';
import { ChildGroup } from './launcher/child-group';
import { CLUSTER_HELP, parseClusterArgs } from './launcher/cli-args';
import { exitWithUsageIfAsked } from './cli-help';
import { redisAnswers, spawnRedisServer } from './process/redis-server';
import { NodeSupervisor } from './launcher/node-supervisor';
import { freePort, isPortFree } from './process/ports';
import { waitForHealthy } from './launcher/wait-for-healthy';
import { RegistryStandIn } from './launcher/registry-stand-in';
import { lanAddresses } from './lan-addresses';
import { clusterBanner } from './launcher/banner';
import { createLogger, LogFormat, logFormatFor, prettyLogLine } from './logger';
import { AuthTokens } from './security/auth-tokens';

/**
 * `npm run cluster -- --nodes 3 --strategy ip-hash --port 8080`: N game nodes (separate
 * processes, cluster mode over Redis), the balancer in front of them (this process), and a
 * redis-server of its own when none answers at REDIS_URL. Ctrl-C stops all of it.
 *
 *   browser ──▶ balancer :8080 ──▶ node-1 :p1 ─┐
 *                        │    └──▶ node-2 :p2 ─┼─▶ Redis (registry, rooms, adapter)
 *                        └── registry.list() ──┘
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_ENTRY = path.join(ROOT, 'server', 'main.ts');
const EXIT_WITH_PARENT = pathToFileURL(path.join(ROOT, 'server', 'launcher', 'exit-with-parent.ts')).href;
const ORPHAN_REAPER = path.join(ROOT, 'server', 'launcher', 'orphan-reaper.ts');

async function main(): Promise<void> {
  exitWithUsageIfAsked(CLUSTER_HELP);
  const parsed = parseClusterArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    process.exit(2);
  }
  const args = parsed.value;
  const log = createLogger(process.env.LOG_LEVEL ?? 'info', 'launcher');
  // The nodes always log JSON into the pipe; on a terminal the launcher shows them readable.
  const pretty = logFormatFor() === LogFormat.Pretty ? prettyLogLine(process.stdout.isTTY === true) : null;
  let shuttingDown = false;
  const children = new ChildGroup(
    (name, code, signal) => {
      log.warn({ child: name, code, signal }, 'a cluster process exited; the balancer routes around it');
    },
    (line) => pretty?.(line) ?? line,
  );
  let balancer: Balancer | null = null;
  let redis: RedisCommands | null = null;
  let standIn: RegistryStandIn | null = null;

  const shutdown = async (exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write('\n  Stopping the cluster...\n');
    standIn?.stop();
    await balancer?.stop().catch(() => undefined);
    await children.stopAll();
    await redis?.close().catch(() => undefined);
    process.exit(exitCode);
  };
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C does not wait: the 'exit' handler SIGKILLs what is left.
      if (++signals > 1) process.exit(130);
      void shutdown(0);
    });
  }
  process.on('exit', () => children.killAllNow());
  process.on('uncaughtException', (error) => {
    log.error({ err: error.message }, 'launcher crashed; stopping the cluster');
    void shutdown(1);
  });

  // Redis: the one at REDIS_URL / REDIS_CLUSTER_NODES, or our own.
  const clusterNodes = process.env.REDIS_CLUSTER_NODES?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redisStartedHere = false;
  const redisEnv: Record<string, string> = {};
  if (clusterNodes !== undefined && clusterNodes.length > 0) {
    redisEnv.REDIS_CLUSTER_NODES = clusterNodes.join(',');
  } else {
    if (!(await redisAnswers(redisUrl))) {
      const port = await freePort();
      // A password made for this run, given to the nodes and the balancer in REDIS_URL only.
      const password = randomBytes(24).toString('base64url');
      const server: ChildProcess = await spawnRedisServer(port, { password });
      children.add('redis', server, { quiet: true });
      // redis-server cannot watch its parent: a reaper stops it if the launcher is killed -9.
      const reaper = spawn(process.execPath, ['--import', 'tsx', ORPHAN_REAPER, String(server.pid)], { stdio: 'ignore', cwd: ROOT });
      children.add('reaper', reaper);
      redisUrl = `redis://:${password}@127.0.0.1:${port}`;
      redisStartedHere = true;
      log.info({ asked: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', started: `redis://127.0.0.1:${port}` }, 'no Redis answered: started a redis-server of our own (password per run)');
    }
    redisEnv.REDIS_URL = redisUrl;
  }

  // Game nodes. They must share one signing secret, or a token from one would fail on another:
  // take JWT_SECRET from the environment, or make one for this cluster's lifetime.
  const jwtSecret = process.env.JWT_SECRET ?? randomBytes(32).toString('base64url');
  const signingKey = process.env.JWT_SECRET !== undefined ? ({ kind: 'env' } as const) : ({ kind: 'this-run' } as const);
  // The strategy switch needs a token (issue 13 §8): the operator's, made per run when unset.
  const adminToken = process.env.BALANCER_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
  const spawnNode = (id: string, port: number) => {
    const url = `http://127.0.0.1:${port}`;
    return spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, NODE_ENTRY], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...redisEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ID: id,
        JWT_SECRET: jwtSecret,
        CLUSTER: '1',
        // The balancer reaches the node here; PUBLIC_URL, if the user set one, still reaches
        // the nodes unchanged: it is what the teacher console's join link shows.
        NODE_URL: url,
        LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? 'warn',
        LOG_FORMAT: LogFormat.Json,
        // One block for the cluster below, instead of every node inviting people past the
        // balancer with its own "running at http://127.0.0.1:<port>".
        ROUNDTRIP_BANNER: 'off',
      },
    });
  };
  // The launcher owns the node processes, so it alone offers the failover lesson's drain,
  // kill and start (issue 12), through the balancer's /balancer/nodes.
  const supervisor = new NodeSupervisor({ spawnNode, children, log, freePort: () => freePort(), isPortFree: (port) => isPortFree(port), waitHealthy: waitForHealthy });
  const nodes = await supervisor.launch(Array.from({ length: args.nodes }, (_, i) => `node-${i + 1}`));

  // The balancer, finding the nodes through the Redis registry.
  redis = createRedisConnection(clusterNodes !== undefined && clusterNodes.length > 0 ? { clusterNodes } : { url: redisUrl }, log, 'balancer');
  await redis.connect();
  const registry = new RedisNodeRegistry(redis);
  standIn = new RegistryStandIn(registry, nodes, log);
  await standIn.start();
  balancer = await startBalancer({
    registry,
    roomDirectory: new RedisRoomDirectory(redis),
    strategy: args.strategy,
    port: args.port,
    host: process.env.BALANCER_HOST ?? '0.0.0.0',
    adminToken,
    // The teacher console switches with the teacher's token (signed with the nodes' secret).
    teacherTokens: new AuthTokens(jwtSecret),
    nodeControl: supervisor,
    trustedProxies: process.env.BALANCER_TRUSTED_PROXIES?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    log: createLogger(process.env.LOG_LEVEL ?? 'info', 'balancer'),
  });
  supervisor.attachRouting(balancer);

  process.stdout.write(
    clusterBanner({
      nodes,
      strategy: balancer.strategy,
      port: balancer.port,
      host: process.env.BALANCER_HOST ?? '0.0.0.0',
      lanAddresses: lanAddresses(),
      redis: { where: clusterNodes?.join(',') ?? redisUrl, startedHere: redisStartedHere },
      signingKey,
      adminToken,
      nodeControl: true,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Cluster failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  // The 'exit' handler kills any children already started.
  process.exit(1);
});
