import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { startRedis, startRedisCluster, type RedisClusterProcess, type RedisProcess } from '../process/redis-server';
import { createRedisConnection, type RedisCommands } from './redis-connection';
import { RedisNodeRegistry } from './node-registry';
import { RedisRoomDirectory } from './room-directory';

const log = createLogger('silent', 'test');

function seamTests(name: string, connect: () => RedisCommands) {
  describe(name, () => {
    let redis: RedisCommands;
    beforeAll(async () => {
      redis = connect();
      await redis.connect();
    });
    afterAll(async () => {
      await redis.close();
    });

    it('room directory: one owner per room, renew and release only by the holder', async () => {
      const directory = new RedisRoomDirectory(redis);
      expect(await directory.claim('BCDFG', 'node-a', 2000)).toBe(true);
      expect(await directory.claim('BCDFG', 'node-b', 2000)).toBe(false);
      expect(await directory.ownerOf('BCDFG')).toBe('node-a');
      expect(await directory.renew('BCDFG', 'node-b', 2000)).toBe(false);
      expect(await directory.renew('BCDFG', 'node-a', 2000)).toBe(true);
      await directory.release('BCDFG', 'node-b');
      expect(await directory.ownerOf('BCDFG')).toBe('node-a');
      await directory.publishInfo({ code: 'BCDFG', owner: 'node-a', players: 3, capacity: 40, phase: 'playing', locked: false }, 2000);
      expect(await directory.info('BCDFG')).toMatchObject({ players: 3 });
      await directory.release('BCDFG', 'node-a');
      expect(await directory.ownerOf('BCDFG')).toBeNull();
      expect(await directory.info('BCDFG')).toBeNull();
      expect(await directory.claim('BCDFG', 'node-b', 2000)).toBe(true);
    });

    it('room directory: a lease that is not renewed lapses', async () => {
      const directory = new RedisRoomDirectory(redis);
      expect(await directory.claim('HJKMN', 'node-a', 150)).toBe(true);
      const deadline = Date.now() + 3000;
      while ((await directory.ownerOf('HJKMN')) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await directory.claim('HJKMN', 'node-b', 2000)).toBe(true);
    });

    it('node registry: heartbeats list a node; a silent one expires', async () => {
      const registry = new RedisNodeRegistry(redis, 300);
      const base = { url: 'http://127.0.0.1:1', rooms: 1, players: 2, load: 0.1, startedAtEpochMs: Date.now() };
      await registry.heartbeat({ ...base, id: 'node-a' });
      await registry.heartbeat({ ...base, id: 'node-b' });
      expect((await registry.list()).map((n) => n.id)).toEqual(['node-a', 'node-b']);
      const deadline = Date.now() + 3000;
      while ((await registry.list()).length > 0 && Date.now() < deadline) {
        await registry.heartbeat({ ...base, id: 'node-b' });
        await new Promise((r) => setTimeout(r, 50));
        if ((await registry.list()).map((n) => n.id).join() === 'node-b') break;
      }
      expect((await registry.list()).map((n) => n.id)).toEqual(['node-b']);
    });
  });
}

let single: RedisProcess;
let cluster: RedisClusterProcess;
beforeAll(async () => {
  [single, cluster] = await Promise.all([startRedis(), startRedisCluster(3)]);
}, 30_000);
afterAll(async () => {
  await Promise.all([single?.stop(), cluster?.stop()]);
});

seamTests('on one Redis', () => createRedisConnection({ url: single.url }, log, 'test'));
seamTests('on a three-master Redis Cluster', () => createRedisConnection({ clusterNodes: cluster.nodes }, log, 'test'));
