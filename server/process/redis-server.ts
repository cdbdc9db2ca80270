import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/**
 * redis-server processes of our own: loopback only, no persistence, stopped by whoever started
 * them. The one place Roundtrip starts a Redis: the cluster launcher, the tests, the benches and
 * the reliability runs all come here (issue #11: one process harness).
 */

/**
 * True when something at `url` answers a Redis PING (PONG, or an auth error: a Redis that
 * wants a password is still a Redis). Raw RESP over TCP, so a missing Redis costs one refused
 * connection and no client reconnect loop.
 */
export function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: target.hostname || '127.0.0.1', port: Number(target.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => {
      const reply = chunk.toString('latin1');
      done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export interface RedisServerOptions {
  /** Clients must AUTH with it (issue 13 §8). Given on stdin, never on the command line, where `ps` shows it. */
  password?: string;
  /** Working folder (a cluster's node files); none is needed otherwise. */
  dir?: string;
  /** More `--name value` settings. */
  extraArgs?: string[];
}

/** Starts redis-server on `port` and resolves once it answers PING. */
export function spawnRedisServer(port: number, options: RedisServerOptions = {}): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
  if (options.dir !== undefined) args.push('--dir', options.dir);
  args.push(...(options.extraArgs ?? []));
  const password = options.password;
  const child = spawn('redis-server', password === undefined ? args : ['-', ...args], {
    stdio: [password === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (password !== undefined) child.stdin?.end(`requirepass ${password}\n`);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not answer within 10 s: ${output}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start redis-server (${error.message}); install it or set REDIS_URL`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited with ${code}: ${output}`));
    });
    const poll = async () => {
      if (await redisAnswers(`redis://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      } else if (child.exitCode === null) setTimeout(() => void poll(), 50);
    };
    void poll();
  });
}

function stopChild(child: ChildProcess, crash: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(crash ? 'SIGKILL' : 'SIGTERM');
  });
}

/** A redis-server of our own on a free port, that can be crashed and brought back. */
export interface RedisProcess {
  url: string;
  port: number;
  /** The running process (a new one after restart()). */
  readonly child: ChildProcess;
  /** Stops the server for good and removes its folder. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; restart() brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
}

export async function startRedis(options: Pick<RedisServerOptions, 'password'> = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-redis-'));
  let child = await spawnRedisServer(port, { ...options, dir });
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    get child() {
      return child;
    },
    async stop() {
      await stopChild(child, false);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await stopChild(child, true);
    },
    async restart() {
      await stopChild(child, false);
      child = await spawnRedisServer(port, { ...options, dir });
    },
  };
}

export interface RedisClusterProcess {
  /** host:port of every master. */
  nodes: string[];
  stop(): Promise<void>;
}

/** A Redis Cluster of `masters` masters (no replicas) on free ports, created with redis-cli. */
export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-redis-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: string[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The cluster bus defaults to port + 10000, which can fall past 65535: give it its own.
      const busPort = await freePort();
      const extraArgs = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', '--cluster-port', String(busPort)];
      children.push(await spawnRedisServer(port, { dir, extraArgs }));
      nodes.push(`127.0.0.1:${port}`);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 20_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    // Wait until every node agrees the cluster is up.
    const deadline = Date.now() + 10_000;
    for (const node of nodes) {
      const [host, port] = node.split(':');
      for (;;) {
        const info = spawnSync('redis-cli', ['-h', host, '-p', port, 'cluster', 'info'], { encoding: 'utf8' });
        if (info.stdout.includes('cluster_state:ok')) break;
        if (Date.now() > deadline) throw new Error(`cluster not ok on ${node}: ${info.stdout}`);
        spawnSync('sleep', ['0.1']);
      }
    }
  } catch (error) {
    await Promise.all(children.map((c) => stopChild(c, true)));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    async stop() {
      await Promise.all(children.map((c) => stopChild(c, false)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
