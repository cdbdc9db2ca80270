import { afterEach, describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';

let redis: RedisProcess | null = null;
const players: GameConnection[] = [];
afterEach(async () => {
  for (const p of players.splice(0)) p.close();
  await redis?.stop();
  redis = null;
});

/**
 * Issue 13 §9, in one process so nothing can exit before a late rejection shows: a node with
 * seated players stops while Redis is down. io.close() empties the socket.io rooms, the Redis
 * adapter unsubscribes from their channels, and closing the connections rejects those waiting
 * commands. None of that may be left unhandled.
 */
describe('the Redis adapter while Redis is down', () => {
  it('a stop with players seated leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      redis = await startRedis();
      const node = await startTestNode({ nodeId: 'adapter-sub-test', redisUrl: redis.url, jwtSecret: 'adapter-subscriber-test-secret-0123456789' });
      const created = await fetch(`${node.url}/api/rooms`, { method: 'POST' });
      const { code } = (await created.json()) as { code: string };
      for (const name of ['Ada', 'Bo']) {
        const player = new GameConnection({ url: node.url, reconnect: false });
        players.push(player);
        await player.join(code, name);
      }
      await redis.kill();
      await waitFor('the node to see Redis down', () => !node.cluster.redisReady(), 10_000, 20);
      await node.stop();
      // Give late rejections (the connections' close) their turn.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30_000);
});
