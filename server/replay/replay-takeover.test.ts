import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { readRecording } from '../../shared/replay/recording-reader';
import { EndReason, KeyframeReason } from '../../shared/replay/replay-format';
import { verifyRecording } from '../../shared/replay/verify-recording';
import { RedisKeys } from '../cluster/redis-keys';
import type { RoundInfo } from '../cluster/replay-store';
import { startNodeProcess, type NodeProcess } from '../process/node-process';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const onCleanup = cleanupAfterEach();
const JWT_SECRET = 'replay-takeover-test-secret-0123456789abcdef';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function bot(url: string, name: string, quirk: number): BotPlayer {
  const player = new BotPlayer({ url, name, quirk });
  onCleanup(() => player.stop());
  return player;
}

async function rounds(url: string, code: string, token: string): Promise<RoundInfo[]> {
  const response = await fetch(`${url}/api/rooms/${code}/rounds`, { headers: bearer(token) });
  return response.status === 200 ? ((await response.json()) as { rounds: RoundInfo[] }).rounds : [];
}

describe('a round whose owner dies is recorded on across the takeover (issue 14)', () => {
  it('the new owner goes on recording from a Restored keyframe; any node serves the replay, which reproduces the room exactly', async () => {
    const nodes: NodeProcess[] = [];
    onCleanup(() => Promise.all(nodes.map((n) => n.kill())));
    const env = { REDIS_URL: redis.url, JWT_SECRET, RESUME_GRACE_MS: '60000' };
    const [owner, other, third] = await Promise.all(['node-1', 'node-2', 'node-3'].map((id) => startNodeProcess({ ...env, NODE_ID: id })));
    nodes.push(owner, other, third);
    const created = await fetch(`${owner.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code, teacherToken } = (await created.json()) as { code: string; teacherToken: string };

    // Two players on the owner, two on the other node (their inputs relayed through Redis).
    const onOwner = [bot(owner.url, 'Ana', 0), bot(owner.url, 'Bo', 1)];
    const onOther = [bot(other.url, 'Chul', 2), bot(other.url, 'Dana', 3)];
    for (const b of [...onOwner, ...onOther]) await b.join(code);
    await waitFor('everyone synced', () => [...onOwner, ...onOther].every((b) => b.connection.decoder?.synced === true));
    const start = await fetch(`${owner.url}/api/rooms/${code}/start`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(teacherToken) }, body: JSON.stringify({ roundSeconds: 120 }) });
    expect(start.status).toBe(200);

    const scoreOf = (b: BotPlayer) => b.connection.decoder!.state.score[b.playerId];
    // Play on the owner until someone scored and a few chunks reached Redis.
    await waitFor('a delivery before the crash', () => [...onOwner, ...onOther].some((b) => scoreOf(b) > 0), 45_000, 100);
    const tickBefore = onOther[0].connection.decoder!.state.tick;
    await waitFor('two more seconds on the owner', () => onOther[0].connection.decoder!.state.tick > tickBefore + 60, 10_000);
    // The owner has been putting the round's chunks in Redis as it cut them.
    const inspect = createClient({ url: redis.url });
    await inspect.connect();
    onCleanup(() => inspect.close());
    await waitFor('chunks of the running round in Redis', async () => (await inspect.hLen(RedisKeys.replayChunks(code, 1))) >= 3);
    await owner.kill();
    for (const b of onOwner) b.stop();

    // The other node follows its players' room: it takes it over once the dead owner's lease lapses.
    const tickAtCrash = onOther[0].connection.decoder!.state.tick;
    await waitFor('the room ticking on the new owner', () => onOther[0].connection.decoder!.state.tick > tickAtCrash + 30, 20_000);
    const scoreAtTakeover = onOther.reduce((sum, b) => sum + b.connection.decoder!.state.score[b.playerId], 0);
    await waitFor('a delivery after the takeover', () => onOther.reduce((sum, b) => sum + scoreOf(b), 0) > scoreAtTakeover, 45_000, 100);
    const end = await fetch(`${other.url}/api/rooms/${code}/end`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(teacherToken) }, body: '{}' });
    expect(end.status).toBe(200);

    // Any node serves it: the third node never owned the room.
    await waitFor('the round stored', async () => (await rounds(third.url, code, teacherToken)).some((r) => r.round === 1 && r.status === 'finished'), 10_000);
    const response = await fetch(`${third.url}/api/rooms/${code}/rounds/1/replay`, { headers: bearer(teacherToken) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const decoded = readRecording(new Uint8Array(await response.arrayBuffer()));
    if (!decoded.ok) throw new Error(decoded.message);
    const recording = decoded.value;
    const reasons = recording.keyframes.map((i) => (recording.events[i] as { reason: number }).reason);
    expect(reasons[0]).toBe(KeyframeReason.Start);
    expect(reasons.filter((r) => r === KeyframeReason.Restored)).toHaveLength(1);
    expect(recording.endReason).toBe(EndReason.TeacherEnded);
    // The takeover shows: everyone dropped at the Restored keyframe, the other node's players resumed after it.
    const restoredAt = recording.keyframes[reasons.indexOf(KeyframeReason.Restored)];
    const resumed = recording.events.slice(restoredAt).filter((e) => e.kind === 'resume').map((e) => (e as { slot: number }).slot);
    expect(resumed.sort()).toEqual(onOther.map((b) => b.playerId).sort());
    // The chunks were assembled from Redis and the file replaced them.
    expect(await inspect.exists(RedisKeys.replayChunks(code, 1))).toBe(0);
    // The owner's part is in it: the delivery seen before the crash (two seconds before the
    // kill, so in the last save the new owner restored from) comes before the Restored keyframe.
    expect(recording.events.slice(0, restoredAt).some((e) => e.kind === 'delivery')).toBe(true);
    expect(recording.events[restoredAt].tick - recording.startTick).toBeGreaterThan(30);

    const report = verifyRecording(recording);
    expect(report.problems).toEqual([]);
    expect(report.deliveries).toBeGreaterThanOrEqual(2);
    // The final standings are the room's, as the new owner's leaderboard has them.
    await waitFor('the board after the end', async () => {
      const board = (await (await fetch(`${other.url}/api/rooms/${code}/leaderboard`, { headers: bearer(teacherToken) })).json()) as { phase?: string };
      return board.phase === 'results';
    });
    const board = (await (await fetch(`${other.url}/api/rooms/${code}/leaderboard`, { headers: bearer(teacherToken) })).json()) as { players: { id: number; name: string; score: number; deliveries: number }[] };
    expect(report.standings.map((s) => [s.slot, s.name, s.score, s.deliveries])).toEqual(board.players.map((p) => [p.id, p.name, p.score, p.deliveries]));
  }, 150_000);
});
