import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { readRecording } from '../../shared/replay/recording-reader';
import { EndReason } from '../../shared/replay/replay-format';
import { verifyRecording } from '../../shared/replay/verify-recording';
import type { RoundInfo } from '../cluster/replay-store';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';
import { REPLAY_CONTENT_TYPE } from './replay-routes';

const onCleanup = cleanupAfterEach();

async function node(): Promise<GameNode> {
  const n = await startTestNode();
  onCleanup(() => n.stop());
  return n;
}

async function classroom(n: GameNode): Promise<{ code: string; teacherToken: string }> {
  const response = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string; teacherToken: string };
}

function act(n: GameNode, code: string, action: string, token: string, body: object = {}): Promise<Response> {
  return fetch(`${n.url}/api/rooms/${code}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function rounds(n: GameNode, code: string, token: string): Promise<RoundInfo[]> {
  const response = await fetch(`${n.url}/api/rooms/${code}/rounds`, { headers: bearer(token) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rounds: RoundInfo[] }).rounds;
}

describe('replay API (issue 14)', () => {
  it('lists rounds, refuses a running one with 409, serves a finished one immutable with a strong ETag and 304', async () => {
    const n = await node();
    const { code, teacherToken } = await classroom(n);
    const bots = ['Ana', 'Bo', 'Chul'].map((name, i) => {
      const bot = new BotPlayer({ url: n.url, name, quirk: i });
      onCleanup(() => bot.stop());
      return bot;
    });
    const welcomes = await Promise.all(bots.map((b) => b.join(code)));
    expect((await act(n, code, 'start', teacherToken, { roundSeconds: 60 })).status).toBe(200);
    const room = n.rooms.get(code)!;
    const startTick = room.world.tick;
    await waitFor('the round listed as running', async () => (await rounds(n, code, teacherToken)).some((r) => r.round === 1 && r.status === 'running'));

    const running = await fetch(`${n.url}/api/rooms/${code}/rounds/1/replay`, { headers: bearer(teacherToken) });
    expect(running.status).toBe(409);
    expect(((await running.json()) as { error: { code: string } }).error.code).toBe('ROUND_RUNNING');

    // Long enough for the bots to pick pizzas up and deliver some, and for RTT samples.
    await waitFor('a few deliveries', () => room.world.deliveredTotal >= 2, 40_000, 100);
    await waitFor('RTTs measured', () => n.seats.seatsOf(code).every((s) => s === null || Number.isFinite(s.rttMs)), 5_000);
    await waitFor('three more seconds of play', () => room.world.tick > startTick + 30 * 3, 10_000);
    expect((await act(n, code, 'end', teacherToken)).status).toBe(200);
    await waitFor('the round stored', async () => (await rounds(n, code, teacherToken)).some((r) => r.round === 1 && r.status === 'finished'));

    const [info] = await rounds(n, code, teacherToken);
    expect(info).toMatchObject({ round: 1, status: 'finished', endReason: 'teacher-ended', replayPath: `/api/rooms/${code}/rounds/1/replay` });
    const response = await fetch(`${n.url}/api/rooms/${code}/rounds/1/replay`, { headers: bearer(teacherToken) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(REPLAY_CONTENT_TYPE);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('vary')).toMatch(/authorization/i);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(etag).toBe(info.etag);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(info.bytes);

    // The recording replays to exactly what the room reports.
    const decoded = readRecording(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.endReason).toBe(EndReason.TeacherEnded);
    expect(decoded.value.events.some((e) => e.kind === 'rtt')).toBe(true);
    const report = verifyRecording(decoded.value);
    expect(report.problems).toEqual([]);
    expect(report.deliveries).toBeGreaterThanOrEqual(2);
    await waitFor('the board published', async () => (await fetch(`${n.url}/api/rooms/${code}/leaderboard`, { headers: bearer(teacherToken) })).status === 200);
    const board = (await (await fetch(`${n.url}/api/rooms/${code}/leaderboard`, { headers: bearer(teacherToken) })).json()) as { players: { id: number; score: number; deliveries: number }[] };
    const replayed = new Map(report.standings.map((s) => [s.slot, s]));
    for (const p of board.players) expect([p.id, replayed.get(p.id)?.score, replayed.get(p.id)?.deliveries]).toEqual([p.id, p.score, p.deliveries]);
    process.stdout.write(`replay API: ${bytes.length} B for ${report.playerMinutes.toFixed(2)} player-minutes = ${Math.round(bytes.length / report.playerMinutes)} B per player-minute (3 bots, RTTs included)\n`);

    // Revalidation: 304, no body, same validator.
    const again = await fetch(`${n.url}/api/rooms/${code}/rounds/1/replay`, { headers: { ...bearer(teacherToken), 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const listEtag = (await fetch(`${n.url}/api/rooms/${code}/rounds`, { headers: bearer(teacherToken) })).headers.get('etag')!;
    expect((await fetch(`${n.url}/api/rooms/${code}/rounds`, { headers: { ...bearer(teacherToken), 'if-none-match': listEtag } })).status).toBe(304);

    // A player of the room may read it with the player token the session trades for.
    const session = await fetch(`${n.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken: welcomes[0].resumeToken }) });
    const { playerToken } = (await session.json()) as { playerToken: string };
    const asPlayer = await fetch(`${n.url}/api/rooms/${code}/rounds/1/replay`, { headers: bearer(playerToken) });
    expect(asPlayer.status).toBe(200);
    expect(asPlayer.headers.get('etag')).toBe(etag);
  }, 90_000);

  it('only the room\'s own people: 401 without a token or with a garbled one, 403 with another room\'s, 404 for rounds never played', async () => {
    const n = await node();
    const { code, teacherToken } = await classroom(n);
    const other = await classroom(n);
    for (const path of [`/api/rooms/${code}/rounds`, `/api/rooms/${code}/rounds/1/replay`]) {
      const none = await fetch(`${n.url}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('TOKEN_MISSING');
      // A token that is not a JWT was passed, so it is a wrong one, not a missing one.
      const garbled = await fetch(`${n.url}${path}`, { headers: bearer('abc') });
      expect(garbled.status).toBe(401);
      expect(garbled.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(((await garbled.json()) as { error: { code: string } }).error.code).toBe('TOKEN_INVALID');
      const notBearer = await fetch(`${n.url}${path}`, { headers: { authorization: 'Basic dTpw' } });
      expect(((await notBearer.json()) as { error: { code: string } }).error.code).toBe('TOKEN_MISSING');
      const wrong = await fetch(`${n.url}${path}`, { headers: bearer(other.teacherToken) });
      expect(wrong.status).toBe(403);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_ROOM');
    }
    expect(await rounds(n, code, teacherToken)).toEqual([]);
    for (const round of ['1', '0', 'x', '99999999999']) {
      const response = await fetch(`${n.url}/api/rooms/${code}/rounds/${round}/replay`, { headers: bearer(teacherToken) });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ROUND_NOT_FOUND');
    }
  });
});
