import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestNode } from '../../server/test-support/start-test-node';
import { cleanupAfterEach } from '../../server/test-support/test-cleanups';
import { waitFor } from '../../server/test-support/wait-for';
import { bearer, joinAndSignIn, openClassroom } from './classroom-helpers';

const onCleanup = cleanupAfterEach();

/** Status of a GET sent with node:http (fetch adds no-cache to conditional requests). */
function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

/**
 * Issue 13 §4: a room code is what lets anyone join, and names are students'. Nothing public
 * may list them: not the recent requests in /api/stats (the teacher console polls
 * /api/rooms/CODE/teacher every second), not the overall leaderboard.
 */
describe('room codes and names stay with the room', () => {
  it('public endpoints show neither the code nor the names; the room\'s own tokens do', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const room = await openClassroom(node);
    const other = await openClassroom(node);
    const ada = await joinAndSignIn(node, room.code, 'Ada Lovelace', onCleanup);
    // The teacher console's poll, and a player's own call.
    expect((await fetch(`${node.url}/api/rooms/${room.code}/teacher`, { headers: bearer(room.teacherToken) })).status).toBe(200);
    expect((await fetch(`${node.url}/api/me`, { headers: bearer(ada.playerToken) })).status).toBe(200);
    await node.cluster.publishStandings();

    const stats = await (await fetch(`${node.url}/api/stats`)).text();
    expect(stats).toContain('/api/rooms/:code/teacher');
    expect(stats).not.toContain(room.code);
    expect(stats).not.toContain('Ada');

    const board = `${node.url}/api/leaderboard`;
    await waitFor('the room on the board', async () => ((await (await fetch(board)).json()) as { players: number }).players === 1);
    const publicBoard = await fetch(board);
    const publicText = await publicBoard.text();
    expect(publicText).not.toContain(room.code);
    expect(publicText).not.toContain('Ada');
    // What stays public stays cacheable: a shared cache may keep it, a revalidation gets 304.
    expect(publicBoard.headers.get('cache-control')).toBe('public, no-cache');
    expect(await statusOf(board, { 'if-none-match': publicBoard.headers.get('etag') ?? '' })).toBe(304);

    // With a token of the room, its own rows carry the name and code (private, still revalidated).
    const ownBoard = await fetch(board, { headers: bearer(ada.playerToken) });
    expect(ownBoard.headers.get('cache-control')).toBe('private, no-cache');
    expect(await ownBoard.json()).toMatchObject({ top: [{ name: 'Ada Lovelace', room: room.code }] });
    const otherView = await (await fetch(board, { headers: bearer(other.teacherToken) })).text();
    expect(otherView).not.toContain('Ada');
    expect((await fetch(board, { headers: { authorization: 'Bearer not.a.token' } })).status).toBe(401);

    // A room's own board: its teacher and its players only.
    const roomBoard = `${node.url}/api/rooms/${room.code}/leaderboard`;
    expect((await fetch(roomBoard)).status).toBe(401);
    expect((await fetch(roomBoard, { headers: bearer(other.teacherToken) })).status).toBe(403);
    const asPlayer = await fetch(roomBoard, { headers: bearer(ada.playerToken) });
    expect(asPlayer.status).toBe(200);
    expect(await asPlayer.text()).toContain('Ada Lovelace');
    const asTeacher = await fetch(roomBoard, { headers: bearer(room.teacherToken) });
    expect(await statusOf(roomBoard, { ...bearer(room.teacherToken), 'if-none-match': asTeacher.headers.get('etag') ?? '' })).toBe(304);
  });
});
