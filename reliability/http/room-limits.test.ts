import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../server/config';
import { startTestNode } from '../../server/test-support/start-test-node';
import { cleanupAfterEach } from '../../server/test-support/test-cleanups';
import { waitFor } from '../../server/test-support/wait-for';
import { postFrom } from './request-from';

const onCleanup = cleanupAfterEach();

async function node(overrides: Partial<NodeConfig> = {}) {
  const n = await startTestNode(overrides);
  onCleanup(() => n.stop());
  return { n, base: n.url.replace('localhost', '127.0.0.1') };
}

/** Issue 13 §2: creating rooms is limited per address, so one address cannot lock others out. */
describe('room creation limits on one node', () => {
  it('a flood of POST /api/rooms from one address gets ROOM_CREATE_LIMIT_PER_MINUTE rooms, never MAX_ROOMS; another address still gets one', async () => {
    const { n, base } = await node({ maxRooms: 100 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => postFrom('127.0.0.1', `${base}/api/rooms`)));
    const created = answers.filter((a) => a.status === 201).length;
    expect(created).toBe(n.config.roomCreateLimitPerMinute);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBe(100 - created);
    expect(new Set(refused.map((a) => a.code))).toEqual(new Set(['ROOM_CREATE_RATE']));
    expect(Number(refused[0].headers['retry-after'])).toBeGreaterThan(0);
    expect(n.rooms.size).toBeLessThan(n.config.maxRooms);
    expect((await postFrom('127.0.0.2', `${base}/api/rooms`)).status).toBe(201);
  });

  it('POST /api/rooms and POST /api/classrooms draw on one bucket', async () => {
    const { base } = await node({ roomCreateLimitPerMinute: 3 });
    expect((await postFrom('127.0.0.1', `${base}/api/rooms`)).status).toBe(201);
    expect((await postFrom('127.0.0.1', `${base}/api/classrooms`, {})).status).toBe(201);
    expect((await postFrom('127.0.0.1', `${base}/api/rooms`)).status).toBe(201);
    const fourth = await postFrom('127.0.0.1', `${base}/api/classrooms`, {});
    expect([fourth.status, fourth.code]).toEqual([429, 'ROOM_CREATE_RATE']);
  });

  it('one address may keep only MAX_ROOMS_PER_ADDRESS rooms open; a room that closes frees its place', async () => {
    const { n, base } = await node({ roomCreateLimitPerMinute: 100, maxRoomsPerAddress: 5, emptyRoomGraceMs: 300 });
    // Ten at once: each admitted creation holds its place while it runs, so exactly five win.
    const answers = await Promise.all(Array.from({ length: 10 }, () => postFrom('127.0.0.1', `${base}/api/rooms`)));
    const codes = answers.filter((a) => a.status === 201).map((a) => (JSON.parse(a.body) as { code: string }).code);
    expect(codes.length).toBe(5);
    expect(answers.filter((a) => a.code === 'ROOMS_PER_ADDRESS').length).toBe(5);
    const sixth = await postFrom('127.0.0.1', `${base}/api/rooms`);
    expect([sixth.status, sixth.code]).toEqual([429, 'ROOMS_PER_ADDRESS']);
    expect((await postFrom('127.0.0.1', `${base}/api/classrooms`, {})).code).toBe('ROOMS_PER_ADDRESS');
    expect((await postFrom('127.0.0.2', `${base}/api/rooms`)).status).toBe(201);
    // Nobody joined: the rooms close after the empty-room grace, and the address may create again.
    await waitFor('the empty rooms to close', () => codes.every((c) => n.rooms.get(c) === undefined), 10_000, 50);
    expect((await postFrom('127.0.0.1', `${base}/api/rooms`)).status).toBe(201);
  });

  it('wrong teacher passwords are limited per address; right ones are not counted', async () => {
    const { base } = await node({ teacherPassword: 'pizza-margherita', teacherPasswordFailuresMax: 3 });
    const url = `${base}/api/classrooms`;
    for (let i = 0; i < 5; i++) expect((await postFrom('127.0.0.3', url, { password: 'pizza-margherita' })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await postFrom('127.0.0.1', url, { password: `guess-${i}` })).code).toBe('TEACHER_PASSWORD');
    // The fourth try is refused before the password is even looked at, right or wrong.
    const locked = await postFrom('127.0.0.1', url, { password: 'pizza-margherita' });
    expect([locked.status, locked.code]).toEqual([429, 'TEACHER_PASSWORD_LIMIT']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect((await postFrom('127.0.0.2', url, { password: 'pizza-margherita' })).status).toBe(201);
  });
});
