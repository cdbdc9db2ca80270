import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../server/config';
import { startRedis, type RedisProcess } from '../../server/process/redis-server';
import { startTestNode } from '../../server/test-support/start-test-node';
import { cleanupAfterEach } from '../../server/test-support/test-cleanups';
import { waitFor } from '../../server/test-support/wait-for';
import { postFrom, requestFrom } from './request-from';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const onCleanup = cleanupAfterEach();

/** Two nodes of one cluster on the suite's own Redis, each with the same limits. */
async function twoNodes(overrides: Partial<NodeConfig>) {
  const bases: string[] = [];
  const nodes = [];
  for (const id of ['limits-a', 'limits-b']) {
    const n = await startTestNode({ nodeId: id, redisUrl: redis.url, jwtSecret: 'shared-limits-test-secret-0123456789abcdef', ...overrides });
    onCleanup(() => n.stop());
    nodes.push(n);
    bases.push(n.url.replace('localhost', '127.0.0.1'));
  }
  return { nodes, bases };
}

/**
 * Issue 13 §8: the rate limits are counted in Redis (@fastify/rate-limit's Redis store), so a
 * client that the balancer spreads over the nodes (round robin) gets no more than on one node.
 */
describe('rate limits shared by the nodes of a cluster', () => {
  it('the general per-address limit counts requests to every node together', async () => {
    const { bases } = await twoNodes({ httpRateLimitPerMinute: 10 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await requestFrom('127.0.0.4', `${bases[i % 2]}/api/rooms/BCDFG`)).status);
    expect(statuses.filter((s) => s === 404).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(2);
  });

  it('room creation and wrong teacher passwords are counted cluster-wide', async () => {
    const { bases } = await twoNodes({ roomCreateLimitPerMinute: 4, teacherPassword: 'quattro-formaggi', teacherPasswordFailuresMax: 2 });
    const [a, b] = bases;
    expect((await postFrom('127.0.0.5', `${a}/api/rooms`)).status).toBe(201);
    expect((await postFrom('127.0.0.5', `${b}/api/rooms`)).status).toBe(201);
    expect((await postFrom('127.0.0.5', `${a}/api/rooms`)).status).toBe(201);
    expect((await postFrom('127.0.0.5', `${b}/api/classrooms`, { password: 'quattro-formaggi' })).status).toBe(201);
    expect((await postFrom('127.0.0.5', `${a}/api/rooms`)).code).toBe('ROOM_CREATE_RATE');

    expect((await postFrom('127.0.0.6', `${a}/api/classrooms`, { password: 'guess-1' })).code).toBe('TEACHER_PASSWORD');
    expect((await postFrom('127.0.0.6', `${b}/api/classrooms`, { password: 'guess-2' })).code).toBe('TEACHER_PASSWORD');
    expect((await postFrom('127.0.0.6', `${a}/api/classrooms`, { password: 'quattro-formaggi' })).code).toBe('TEACHER_PASSWORD_LIMIT');
    expect((await postFrom('127.0.0.6', `${b}/api/classrooms`, { password: 'quattro-formaggi' })).code).toBe('TEACHER_PASSWORD_LIMIT');
  });

  it('while Redis is away the API still answers (the general limit lets requests through) and creation says try again', async () => {
    const { nodes, bases } = await twoNodes({});
    await redis.kill();
    onCleanup(() => redis.restart());
    await waitFor('the node to see Redis down', () => !nodes[0].cluster.redisReady(), 10_000, 50);
    expect((await requestFrom('127.0.0.7', `${bases[0]}/api/me`)).code).toBe('TOKEN_MISSING');
    // A room the node cannot look up without Redis: a clear "try again", not a 500.
    const lookup = await requestFrom('127.0.0.7', `${bases[0]}/api/rooms/BCDFG`);
    expect([lookup.status, lookup.code]).toEqual([503, 'TRY_AGAIN']);
    const create = await postFrom('127.0.0.7', `${bases[0]}/api/rooms`);
    expect([create.status, create.code]).toEqual([503, 'TRY_AGAIN']);
  });
});
