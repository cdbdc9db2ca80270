import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameConnection, JoinRefusedError } from '../../client/net/game-connection';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { GameNode } from '../game-node';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';
import type { RoomView } from './teacher-action';

/**
 * Issue 12, "Console states": a removed student stays out of the room until the teacher lets
 * them back in, known by the id their browser keeps (JoinRequest.device), on any node, across
 * a takeover.
 */
const onCleanup = cleanupAfterEach();
const ANA = 'ana-laptop-device-0001';
const BO = 'bo-phone-device-000002';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

async function node(overrides: Parameters<typeof startTestNode>[0] = {}): Promise<GameNode> {
  const n = await startTestNode(overrides);
  onCleanup(() => n.stop());
  return n;
}

async function classroom(n: GameNode): Promise<{ code: string; teacherToken: string }> {
  const response = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string; teacherToken: string };
}

function act(url: string, code: string, action: string, token: string, body: object = {}): Promise<Response> {
  return fetch(`${url}/api/rooms/${code}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

async function view(url: string, code: string, token: string): Promise<Response> {
  return fetch(`${url}/api/rooms/${code}/teacher`, { headers: { authorization: `Bearer ${token}` } });
}

function student(url: string, deviceId?: string): GameConnection {
  const c = new GameConnection({ url, deviceId });
  onCleanup(() => c.close());
  return c;
}

async function refusal(c: GameConnection, code: string, name: string): Promise<JoinRefusedError> {
  const error = await c.join(code, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JoinRefusedError);
  return error as JoinRefusedError;
}

describe('removed students on one node', () => {
  it('a removed device is refused with REMOVED until "Let back in"; other devices and names are not', async () => {
    const n = await node();
    const room = await classroom(n);
    const ana = student(n.url, ANA);
    const welcome = await ana.join(room.code, 'Ana');
    await student(n.url, BO).join(room.code, 'Bo');

    const kicked = await act(n.url, room.code, 'kick', room.teacherToken, { playerId: welcome.playerId });
    expect(kicked.status).toBe(200);
    const afterKick = (await kicked.json()) as RoomView;
    expect(afterKick.removed).toEqual([{ id: 1, name: 'Ana', removedAtEpochMs: expect.any(Number) }]);
    expect(afterKick.players.map((p) => p.name)).toEqual(['Bo']);

    // Reloading the page (a new connection, the same browser): refused, with a reason.
    const again = await refusal(student(n.url, ANA), room.code, 'Ana');
    expect(again.code).toBe(ErrorCode.REMOVED);
    expect(again.message).toMatch(/teacher removed you/);
    // Another name from the same device is the same student.
    expect((await refusal(student(n.url, ANA), room.code, 'Anna')).code).toBe(ErrorCode.REMOVED);
    // A device id that is not one is a bad request, not a way around the list.
    expect((await refusal(student(n.url, 'not a device id!'), room.code, 'Ana')).code).toBe(ErrorCode.BAD_REQUEST);

    const unknown = await act(n.url, room.code, 'readmit', room.teacherToken, { removalId: 42 });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_REMOVED');
    expect((await act(n.url, room.code, 'readmit', room.teacherToken, { removalId: 'one' })).status).toBe(400);
    const readmitted = await act(n.url, room.code, 'readmit', room.teacherToken, { removalId: 1 });
    expect(readmitted.status).toBe(200);
    expect(((await readmitted.json()) as RoomView).removed).toEqual([]);
    const back = await student(n.url, ANA).join(room.code, 'Ana');
    expect(back.room).toBe(room.code);
  });
});

describe('removed students in a cluster', () => {
  it('a join through another node is refused too, and the list survives a takeover of the room', async () => {
    const jwtSecret = 'removals-test-shared-secret-0123456789abcdef';
    const owner = await startTestNode({ nodeId: 'rm-owner', redisUrl: redis.url, jwtSecret });
    let ownerStopped = false;
    onCleanup(() => (ownerStopped ? undefined : owner.stop()));
    const other = await node({ nodeId: 'rm-other', redisUrl: redis.url, jwtSecret });
    const room = await classroom(owner);

    // Ana plays through the other node; the teacher's kick reaches the owner through it too.
    const ana = student(other.url, ANA);
    const welcome = await ana.join(room.code, 'Ana');
    expect(welcome.ownerNodeId).toBe('rm-owner');
    expect((await act(other.url, room.code, 'kick', room.teacherToken, { playerId: welcome.playerId })).status).toBe(200);
    expect((await refusal(student(other.url, ANA), room.code, 'Ana')).code).toBe(ErrorCode.REMOVED);

    // The owner saves the room (with its removals) at its next duty; then it goes away.
    await waitFor('the owner saved the room with Ana removed', async () => (await owner.cluster.shared.snapshots.load(room.code))?.removals?.removed.length === 1);
    ownerStopped = true;
    await owner.stop();
    // The teacher's next poll finds the lease lapsed and the other node takes the room over.
    await waitFor('the room taken over by the other node', async () => (await view(other.url, room.code, room.teacherToken)).status === 200, 15_000, 250);
    expect(other.rooms.get(room.code)).toBeDefined();
    const taken = (await (await view(other.url, room.code, room.teacherToken)).json()) as RoomView;
    expect(taken.owner).toBe('rm-other');
    expect(taken.removed.map((r) => r.name)).toEqual(['Ana']);
    expect((await refusal(student(other.url, ANA), room.code, 'Ana')).code).toBe(ErrorCode.REMOVED);
  }, 40_000);
});
