import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * A redis-server of the test's own, on a free loopback port, with no disk persistence, stopped
 * by the test. Tests never depend on a Redis someone else started; REDIS_URL is honoured only
 * by `redisUrlForTests` for a CI that provides one.
 */
export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server for good and removes its folder. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; restart() brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited with ${code}: ${output}`));
    });
  });
}

function startOn(port: number, dir: string, extra: string[] = []): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function stopChild(child: ChildProcess, crash: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(crash ? 'SIGKILL' : 'SIGTERM');
  });
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-redis-'));
  let child = startOn(port, dir);
  await waitForReady(child, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopChild(child, false);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await stopChild(child, true);
    },
    async restart() {
      await stopChild(child, false);
      child = startOn(port, dir);
      await waitForReady(child, port);
    },
  };
}

export interface RedisClusterProcess {
  /** host:port of every master. */
  nodes: string[];
  stop(): Promise<void>;
}

/** A three-master Redis Cluster (no replicas) on free ports, created with redis-cli. */
export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-redis-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: string[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The cluster bus defaults to port + 10000, which can fall past 65535: give it its own.
      const busPort = await freePort();
      const child = startOn(port, dir, [
        '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`,
        '--cluster-node-timeout', '2000',
        '--cluster-port', String(busPort),
      ]);
      children.push(child);
      await waitForReady(child, port);
      nodes.push(`127.0.0.1:${port}`);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
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
