import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisNodeRegistry } from '../cluster/node-registry';
import { createRedisConnection, type RedisCommands } from '../cluster/redis-connection';
import { RedisRoomDirectory } from '../cluster/room-directory';
import type { GameNode } from '../game-node';
import { createLogger } from '../logger';
import { connectAndLand, loopbackAddress, type LandedClient } from '../test-support/landing-client';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';
import { rendezvousPick } from './consistent-hash';
import type { Balancer } from './balancer-api';
import { startBalancer } from './proxy-server';
import { StrategyName } from './strategies/strategy';

const log = createLogger('silent', 'balancer-failover-test');
const NODE_IDS = ['node-1', 'node-2', 'node-3'];

/**
 * Discovery through the real Redis registry. Until game nodes heartbeat by themselves (cluster
 * mode), the test heartbeats on their behalf, and keeps doing so for a stopped node: the
 * balancer's own health checks must take it out, not the registry TTL.
 */
describe('balancer over a Redis node registry: discovery, room affinity, failover', () => {
  let redisServer: RedisProcess;
  let redis: RedisCommands;
  let balancer: Balancer;
  let heartbeat: ReturnType<typeof setInterval>;
  const nodes: GameNode[] = [];
  const rooms: string[] = [];
  const clients: LandedClient[] = [];

  beforeAll(async () => {
    redisServer = await startRedis();
    redis = createRedisConnection({ url: redisServer.url }, log, 'test');
    await redis.connect();
    const registry = new RedisNodeRegistry(redis);
    const directory = new RedisRoomDirectory(redis);
    for (const id of NODE_IDS) {
      const node = await startTestNode({ nodeId: id, resumeGraceMs: 1000 });
      nodes.push(node);
      const code = await createRoom(node);
      rooms.push(code);
      await directory.claim(code, id, 60_000);
    }
    const beat = () =>
      Promise.all(nodes.map((n, i) => registry.heartbeat({ id: NODE_IDS[i], url: n.url, rooms: 1, players: 0, load: 0, startedAtEpochMs: 0 })));
    await beat();
    heartbeat = setInterval(() => void beat().catch(() => undefined), 500);
    balancer = await startBalancer({ registry, roomDirectory: directory, log, pollIntervalMs: 250 });
  });

  afterAll(async () => {
    clearInterval(heartbeat);
    for (const c of clients) c.connection.close();
    await balancer?.stop();
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.close();
    await redisServer?.stop();
  });

  it('finds the nodes in the Redis registry', async () => {
    const status = await balancer.status();
    expect(status.nodes.filter((n) => n.inRotation).map((n) => n.id)).toEqual(NODE_IDS);
  });

  it('room-affinity: socket joins and /api/rooms/CODE go to the owner in the Redis room directory', async () => {
    balancer.setStrategy(StrategyName.RoomAffinity);
    const landed = await Promise.all([0, 1, 2, 3].map((i) => connectAndLand(balancer.url, [rooms[1]], { localAddress: loopbackAddress(50 + i) })));
    expect(landed.map((c) => c.nodeId)).toEqual(['node-2', 'node-2', 'node-2', 'node-2']);
    await Promise.all(landed.map((c) => c.connection.leave()));
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${balancer.url}/api/rooms/${rooms[i]}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-roundtrip-node')).toBe(NODE_IDS[i]);
    }
  });

  it('a stopped node leaves rotation within ~2 s; its clients land on the others, the rest stay put', async () => {
    balancer.setStrategy(StrategyName.IpHash);
    // Addresses chosen so that three hash to node-2 and three to the other nodes.
    const all = Array.from({ length: 60 }, (_, i) => loopbackAddress(60 + i));
    const onNode2 = all.filter((a) => rendezvousPick(a, NODE_IDS) === 'node-2').slice(0, 3);
    const elsewhere = all.filter((a) => rendezvousPick(a, NODE_IDS) !== 'node-2').slice(0, 3);
    const before = await Promise.all([...onNode2, ...elsewhere].map((a) => connectAndLand(balancer.url, rooms, { localAddress: a })));
    clients.push(...before);
    expect(before.slice(0, 3).map((c) => c.nodeId)).toEqual(['node-2', 'node-2', 'node-2']);

    const stoppedAtMs = performance.now();
    await nodes[1].stop();
    await waitFor('node-2 out of rotation', async () => (await balancer.status()).nodes.find((n) => n.id === 'node-2')?.inRotation === false, 5000);
    const outAfterMs = performance.now() - stoppedAtMs;
    console.info(`node-2 left rotation ${Math.round(outAfterMs)} ms after it stopped`);
    expect(outAfterMs).toBeLessThan(2500);

    // Its clients reconnect: each lands where the hash over the survivors says, not on node-2.
    const survivors = ['node-1', 'node-3'];
    const after = await Promise.all(onNode2.map((a) => connectAndLand(balancer.url, [rooms[0], rooms[2]], { localAddress: a })));
    clients.push(...after);
    after.forEach((c, i) => expect(c.nodeId).toBe(rendezvousPick(onNode2[i], survivors)));
    // Clients on the other nodes were never moved.
    expect(before.slice(3).every((c) => c.connection.connected)).toBe(true);
  });
});
