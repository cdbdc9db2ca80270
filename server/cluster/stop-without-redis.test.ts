import { afterEach, describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import { startNodeProcess, type NodeProcess } from '../process/node-process';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { waitFor } from '../test-support/wait-for';

let redis: RedisProcess | null = null;
let node: NodeProcess | null = null;
const players: GameConnection[] = [];
afterEach(async () => {
  for (const p of players.splice(0)) p.close();
  await node?.kill();
  await redis?.stop();
  node = null;
  redis = null;
});

/**
 * Issue 13 §9: a cluster node told to stop while Redis is down exited with code 1 on an
 * unhandled rejection (ECONNREFUSED) in its stop sequence. A real node process, a real Redis.
 */
describe('stopping a cluster node while Redis is down', () => {
  it('exits 0 after a graceful stop, with players in a room and Redis killed', async () => {
    redis = await startRedis();
    node = await startNodeProcess({ REDIS_URL: redis.url, JWT_SECRET: 'stop-without-redis-secret-0123456789abcdef', LOG_LEVEL: 'info' });
    const created = await fetch(`${node.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };
    // Players seated: their sockets are in socket.io rooms the Redis adapter subscribed to.
    for (const name of ['Ada', 'Bo']) {
      const player = new GameConnection({ url: node.url, reconnect: false });
      players.push(player);
      await player.join(code, name);
    }
    await redis.kill();
    await waitFor('the node to see Redis down', async () => ((await (await fetch(`${node!.url}/healthz`)).json()) as { redis: string }).redis === 'down', 10_000, 100);
    const exit = new Promise<number | null>((resolve) => node!.child.once('exit', (code) => resolve(code)));
    node.child.kill('SIGTERM');
    const exitCode = await exit;
    expect(exitCode, node.output().slice(-3000)).toBe(0);
    // No stack trace: nothing escaped to the process's last-resort handlers.
    expect(node.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 40_000);
});
