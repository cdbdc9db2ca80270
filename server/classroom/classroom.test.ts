import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { GameConnection, JoinRefusedError } from '../../client/net/game-connection';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';
import type { RoomView } from './teacher-action';
import { cleanupAfterEach } from '../test-support/test-cleanups';

const onCleanup = cleanupAfterEach();

async function node(overrides: Parameters<typeof startTestNode>[0] = {}): Promise<GameNode> {
  const n = await startTestNode(overrides);
  onCleanup(() => n.stop());
  return n;
}

async function classroom(n: GameNode, body: object = {}) {
  const response = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { code: string; teacherToken: string; error?: { code: string } } };
}

function act(n: GameNode, code: string, action: string, token: string | null, body: object = {}) {
  return fetch(`${n.url}/api/rooms/${code}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

function player(n: GameNode, name: string): GameConnection {
  const c = new GameConnection({ url: n.url });
  onCleanup(() => c.close());
  void name;
  return c;
}

/** A GET from a chosen loopback source address (a distinct client for per-address limits). */
function getFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('classroom API', () => {
  it('teacher actions need the teacher token: 401 without, 403 with a player\'s token or another room\'s', async () => {
    const n = await node();
    const { body: room } = await classroom(n);
    const { body: other } = await classroom(n);
    const student = player(n, 'Student');
    const welcome = await student.join(room.code, 'Student');
    const session = await fetch(`${n.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken: welcome.resumeToken }) });
    const { playerToken } = (await session.json()) as { playerToken: string };

    expect((await act(n, room.code, 'lock', null)).status).toBe(401);
    const asPlayer = await act(n, room.code, 'lock', playerToken);
    expect(asPlayer.status).toBe(403);
    expect(((await asPlayer.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_ROLE');
    expect((await act(n, room.code, 'lock', other.teacherToken)).status).toBe(403);
    expect((await act(n, room.code, 'lock', 'not.a.token')).status).toBe(401);
    expect((await act(n, room.code, 'lock', room.teacherToken)).status).toBe(200);

    // The player's token alone answers "who am I" (stateless).
    const me = await fetch(`${n.url}/api/me`, { headers: { authorization: `Bearer ${playerToken}` } });
    expect(await me.json()).toMatchObject({ room: room.code, playerId: welcome.playerId, name: 'Student' });
  });

  it('a teacher runs the room: the round waits for start, a locked room refuses joins, a removed player is told', async () => {
    const n = await node();
    const { body: room } = await classroom(n);
    expect(n.rooms.get(room.code)!.phaseName()).toBe('lobby');
    const a = player(n, 'A');
    const b = player(n, 'B');
    await a.join(room.code, 'A');
    const bWelcome = await b.join(room.code, 'B');

    const started = await act(n, room.code, 'start', room.teacherToken, { roundSeconds: 60 });
    expect(started.status).toBe(200);
    expect(((await started.json()) as RoomView)).toMatchObject({ phase: 'playing', roundSeconds: 60, round: 1 });
    // A second start during the round is refused (a double click must not wipe the scores)...
    const again = await act(n, room.code, 'start', room.teacherToken, { roundSeconds: 60 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ROUND_RUNNING');
    expect(n.rooms.get(room.code)!.world.round).toBe(1);
    // ...unless the teacher says restart.
    const restarted = await act(n, room.code, 'start', room.teacherToken, { roundSeconds: 60, restart: true });
    expect(((await restarted.json()) as RoomView)).toMatchObject({ phase: 'playing', round: 2 });

    expect((await act(n, room.code, 'lock', room.teacherToken)).status).toBe(200);
    const late = player(n, 'Late');
    const refusal = (await late.join(room.code, 'Late').catch((e: unknown) => e)) as JoinRefusedError;
    expect(refusal.code).toBe(ErrorCode.ROOM_LOCKED);

    const told = new Promise<string>((resolve) => b.on('error', (e) => e.code === ErrorCode.KICKED && resolve(e.message)));
    const kicked = await act(n, room.code, 'kick', room.teacherToken, { playerId: bWelcome.playerId });
    expect(kicked.status).toBe(200);
    expect(await told).toMatch(/teacher/);
    expect(n.rooms.get(room.code)!.world.active[bWelcome.playerId]).toBe(0);
    const view = (await kicked.json()) as RoomView;
    expect(view.players.map((p) => p.name)).toEqual(['A']);

    expect((await act(n, room.code, 'end', room.teacherToken)).status).toBe(200);
    expect(n.rooms.get(room.code)!.phaseName()).toBe('results');
    expect((await act(n, room.code, 'kick', room.teacherToken, { playerId: 'x' })).status).toBe(400);
  });

  it('adds and removes server-side bots that play, and reports RTT and network conditions per player', async () => {
    const n = await node();
    const { body: room } = await classroom(n);
    const a = player(n, 'A');
    const welcome = await a.join(room.code, 'A');
    const view = async () => (await (await fetch(`${n.url}/api/rooms/${room.code}/teacher`, { headers: { authorization: `Bearer ${room.teacherToken}` } })).json()) as RoomView;

    expect((await act(n, room.code, 'bots', room.teacherToken, { add: 2 })).status).toBe(200);
    await waitFor('two bots in the roster', async () => (await view()).players.filter((p) => p.bot).length === 2, 15_000, 200);
    await waitFor('an RTT measured for the player', async () => (await view()).players.find((p) => p.id === welcome.playerId)?.rttMs !== null, 5000, 200);
    const before = (await view()).players.find((p) => p.id === welcome.playerId)!.rttMs!;

    await act(n, room.code, 'conditions', room.teacherToken, { playerId: welcome.playerId, conditions: { latencyMs: 150 } });
    await waitFor('the RTT the server measures rising with the added latency', async () => ((await view()).players.find((p) => p.id === welcome.playerId)!.rttMs ?? 0) >= before + 250, 10_000, 200);
    expect((await view()).players.find((p) => p.id === welcome.playerId)!.conditions).toMatchObject({ latencyMs: 150 });
    await act(n, room.code, 'conditions', room.teacherToken, { playerId: welcome.playerId, conditions: { latencyMs: 0 } });
    expect((await view()).players.find((p) => p.id === welcome.playerId)!.conditions).toBeNull();

    expect((await act(n, room.code, 'bots', room.teacherToken, { remove: 1 })).status).toBe(200);
    await waitFor('one bot left', async () => (await view()).players.filter((p) => p.bot).length === 1, 10_000, 200);
  }, 40_000);

  it('bots start whatever node flags the process runs with, V8 flags and worker-refused ones among them', async () => {
    // npm start runs the node with --max-semi-space-size=2; --experimental-strip-types gets past
    // the flag filter but a Node 20 worker refuses it, so the host must start its worker without.
    const original = process.execArgv;
    process.execArgv = [...original, '--max-semi-space-size=2', '--experimental-strip-types'];
    onCleanup(() => {
      process.execArgv = original;
    });
    const n = await node();
    const { body: room } = await classroom(n);
    const view = async () => (await (await fetch(`${n.url}/api/rooms/${room.code}/teacher`, { headers: { authorization: `Bearer ${room.teacherToken}` } })).json()) as RoomView;
    expect((await act(n, room.code, 'bots', room.teacherToken, { add: 1 })).status).toBe(200);
    await waitFor('the bot in the roster', async () => (await view()).players.filter((p) => p.bot).length === 1, 15_000, 200);
  }, 30_000);

  it('TEACHER_PASSWORD restricts who may create classrooms', async () => {
    const n = await node({ teacherPassword: 'pizza-margherita' });
    expect((await classroom(n)).status).toBe(401);
    expect((await classroom(n, { password: 'wrong' })).status).toBe(401);
    expect((await classroom(n, { password: 'pizza-margherita' })).status).toBe(201);
  });
});

describe('stateless API: caching and limits', () => {
  it('leaderboards answer 304 to a matching If-None-Match and 200 with a new ETag after the data changes', async () => {
    const n = await node();
    const { body: room } = await classroom(n);
    const a = player(n, 'Ada');
    const welcome = await a.join(room.code, 'Ada');
    const url = `${n.url}/api/rooms/${room.code}/leaderboard`;
    // A room's board is for its teacher and players (issue 13 §4).
    const auth = { authorization: `Bearer ${room.teacherToken}` };
    await waitFor('the room on the leaderboard', async () => (await fetch(url, { headers: auth })).status === 200);
    const first = await fetch(url, { headers: auth });
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/no-cache/);
    expect(first.headers.get('last-modified')).not.toBeNull();
    expect(((await first.json()) as { players: { name: string }[] }).players[0].name).toBe('Ada');

    // fetch() adds no-cache to conditional requests, which is fine: the server revalidates.
    const again = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const hitsBefore = n.responseCache.counters.hits;
    await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    expect(n.responseCache.counters.hits).toBeGreaterThan(hitsBefore);

    await act(n, room.code, 'start', room.teacherToken);
    n.rooms.get(room.code)!.world.score[welcome.playerId] = 300;
    await n.cluster.publishStandings();
    const changed = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { players: { score: number }[] }).players[0].score).toBe(300);

    // The overall board is public with scores only; the room's teacher also sees its names and code.
    const overall = await fetch(`${n.url}/api/leaderboard`);
    expect(overall.status).toBe(200);
    expect(await overall.json()).toEqual({ rooms: 1, players: 1, top: [{ score: 300, deliveries: 0 }] });
    const mine = await fetch(`${n.url}/api/leaderboard`, { headers: auth });
    expect(await mine.json()).toMatchObject({ top: [{ name: 'Ada', score: 300, room: room.code }] });
  });

  it('refuses an unknown CORS origin, allows a listed one, and answers an oversized body with 413', async () => {
    const n = await node({ corsOrigins: ['https://school.example'] });
    const refused = await fetch(`${n.url}/api/leaderboard`, { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CORS_ORIGIN_REFUSED');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${n.url}/api/leaderboard`, { headers: { origin: 'https://school.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://school.example');
    const page = await fetch(`${n.url}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);

    const big = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'x'.repeat(40_000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  });

  it('a flood from one address gets 429 while another address is still served', async () => {
    const n = await node({ httpRateLimitPerMinute: 20 });
    const url = `${n.url.replace('localhost', '127.0.0.1')}/api/leaderboard`;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await getFrom('127.0.0.1', url));
    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(statuses.filter((s) => s === 429).length).toBe(10);
    expect(await getFrom('127.0.0.2', url)).toBe(200);
    expect(n.stats.httpRateLimited).toBeGreaterThanOrEqual(10);
  });
});
