import { describe, expect, it } from 'vitest';
import type { RoomView } from '../../server/classroom/teacher-action';
import { startTestNode } from '../../server/test-support/start-test-node';
import { cleanupAfterEach } from '../../server/test-support/test-cleanups';
import { waitFor } from '../../server/test-support/wait-for';
import { bearer } from './classroom-helpers';
import { postFrom, requestFrom } from './request-from';

const onCleanup = cleanupAfterEach();

/**
 * Issue 13 §7: five classrooms from one address with 40 bots each took the node's whole
 * server-side bot budget, and a real teacher then got 409. Bots are now capped per room and
 * per creating address.
 */
describe('server-side bots per room and per address', () => {
  it('one address cannot take the whole budget; another teacher still gets bots', async () => {
    const node = await startTestNode({ maxBotsPerNode: 20, maxBotsPerRoom: 5, maxBotsPerAddress: 8 });
    onCleanup(() => node.stop());
    const base = node.url.replace('localhost', '127.0.0.1');
    const open = async (from: string) => JSON.parse((await postFrom(from, `${base}/api/classrooms`, {})).body) as { code: string; teacherToken: string };
    const addBots = (from: string, room: { code: string; teacherToken: string }, add: number) => postFrom(from, `${base}/api/rooms/${room.code}/bots`, { add }, bearer(room.teacherToken));
    const botsIn = async (room: { code: string; teacherToken: string }) =>
      (JSON.parse((await requestFrom('127.0.0.1', `${base}/api/rooms/${room.code}/teacher`, { headers: bearer(room.teacherToken) })).body) as RoomView).bots;

    const mine = [await open('127.0.0.1'), await open('127.0.0.1'), await open('127.0.0.1')];
    expect((await addBots('127.0.0.1', mine[0], 40)).status).toBe(200);
    expect(await botsIn(mine[0])).toBe(5);
    expect((await addBots('127.0.0.1', mine[1], 40)).status).toBe(200);
    expect(await botsIn(mine[1])).toBe(3);
    const third = await addBots('127.0.0.1', mine[2], 40);
    expect([third.status, third.code]).toEqual([409, 'NO_ROOM_FOR_BOTS']);
    // The cap follows the room's creator, whichever address the teacher's request comes from.
    expect((await addBots('127.0.0.9', mine[2], 40)).status).toBe(409);

    const theirs = await open('127.0.0.2');
    expect((await addBots('127.0.0.2', theirs, 5)).status).toBe(200);
    expect(await botsIn(theirs)).toBe(5);
    // The bots really play: they take seats in the room.
    await waitFor('the other teacher\'s bots seated', () => node.rooms.get(theirs.code)!.playerCount === 5, 15_000, 100);

    // Removing bots gives the address its budget back.
    expect((await postFrom('127.0.0.1', `${base}/api/rooms/${mine[0].code}/bots`, { remove: 5 }, bearer(mine[0].teacherToken))).status).toBe(200);
    expect((await addBots('127.0.0.1', mine[2], 40)).status).toBe(200);
    expect(await botsIn(mine[2])).toBe(5);
  }, 40_000);
});
