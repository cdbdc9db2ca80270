import { SignJWT } from 'jose';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdOf } from '../../server/security/session-id';
import type { NodeConfig } from '../../server/config';
import { startRedis, type RedisProcess } from '../../server/process/redis-server';
import { startTestNode } from '../../server/test-support/start-test-node';
import { cleanupAfterEach } from '../../server/test-support/test-cleanups';
import { waitFor } from '../../server/test-support/wait-for';
import { bearer, joinAndSignIn, openClassroom } from './classroom-helpers';

const SECRET = 'token-revocation-test-secret-0123456789abcdef';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const onCleanup = cleanupAfterEach();

async function node(overrides: Partial<NodeConfig> = {}) {
  const n = await startTestNode({ jwtSecret: SECRET, ...overrides });
  onCleanup(() => n.stop());
  return n;
}

const kick = (url: string, code: string, teacherToken: string, playerId: number) =>
  fetch(`${url}/api/rooms/${code}/kick`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(teacherToken) }, body: JSON.stringify({ playerId }) });

const errorCode = async (response: Response) => ((await response.json()) as { error?: { code: string } }).error?.code;

/** Issue 13 §8: tokens that must not work, and resume tokens that must not sit in Redis in clear. */
describe('player tokens after a kick, tokens without exp, resume tokens in Redis', () => {
  it('one node: a kicked player\'s token is refused at once; a token without exp is refused', async () => {
    const n = await node();
    const room = await openClassroom(n);
    const bo = await joinAndSignIn(n, room.code, 'Bo', onCleanup);
    expect((await fetch(`${n.url}/api/me`, { headers: bearer(bo.playerToken) })).status).toBe(200);
    expect((await kick(n.url, room.code, room.teacherToken, bo.playerId)).status).toBe(200);
    const after = await fetch(`${n.url}/api/me`, { headers: bearer(bo.playerToken) });
    expect(after.status).toBe(401);
    expect(await errorCode(after)).toBe('TOKEN_REVOKED');

    const noExp = await new SignJWT({ role: 'teacher', room: room.code }).setProtectedHeader({ alg: 'HS256' }).setIssuer('roundtrip').setIssuedAt().sign(new TextEncoder().encode(SECRET));
    const lock = await fetch(`${n.url}/api/rooms/${room.code}/lock`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(noExp) }, body: '{}' });
    expect(lock.status).toBe(401);
    expect(await errorCode(lock)).toBe('TOKEN_INVALID');
  });

  it('two nodes: a kick through one node revokes the token on both; Redis key names hold no resume token', async () => {
    const a = await node({ nodeId: 'revoke-a', redisUrl: redis.url });
    const b = await node({ nodeId: 'revoke-b', redisUrl: redis.url });
    const room = await openClassroom(a);
    const cy = await joinAndSignIn(a, room.code, 'Cy', onCleanup);
    for (const n of [a, b]) expect((await fetch(`${n.url}/api/me`, { headers: bearer(cy.playerToken) })).status).toBe(200);

    // Key names (what KEYS/SCAN or a monitoring tool lists) hold a hash of the resume token.
    // Not covered here: the room snapshot's value still carries the seats' tokens (room-snapshot.ts).
    const reader = createClient({ url: redis.url });
    await reader.connect();
    onCleanup(() => reader.close());
    const sessionKey = `rt:session:{${sessionIdOf(cy.resumeToken)}}`;
    await waitFor('the session in Redis', async () => (await reader.exists(sessionKey)) === 1);
    expect((await reader.keys('*')).join('\n')).not.toContain(cy.resumeToken);
    expect(await reader.get(sessionKey)).not.toContain(cy.resumeToken);

    // The teacher's kick reaches b, which relays it to the owner a; both refuse the token.
    expect((await kick(b.url, room.code, room.teacherToken, cy.playerId)).status).toBe(200);
    for (const n of [a, b]) {
      const me = await fetch(`${n.url}/api/me`, { headers: bearer(cy.playerToken) });
      expect(me.status, n.config.nodeId).toBe(401);
      expect(await errorCode(me)).toBe('TOKEN_REVOKED');
    }
    expect(await reader.exists(`rt:revoked:{${sessionIdOf(cy.resumeToken)}}`)).toBe(1);
    // Nor can the resume token buy a new player token.
    const again = await fetch(`${b.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken: cy.resumeToken }) });
    expect(again.status).toBe(404);
  });
});
