import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { FinishedRecording } from '../rooms/recording-shapes';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { unframeRecording } from '../../shared/replay/recording-file';
import { EndReason } from '../../shared/replay/replay-format';
import { MemoryReplayStore } from './memory-replay-store';
import { createRedisConnection } from './redis-connection';
import { RedisReplayStore } from './redis-replay-store';
import { evictions, type ReplayLimits, type ReplayStore } from './replay-store';

const LIMITS: ReplayLimits = { roundsPerRoom: 2, maxTotalBytes: 1000, ttlMs: 60_000 };
const onCleanup = cleanupAfterEach();

function finished(round: number, chunks: number[][], endedAtEpochMs: number, firstChunk = 0): FinishedRecording {
  return { round, startedAtEpochMs: endedAtEpochMs - 1000, endedAtEpochMs, endReason: EndReason.TimeUp, firstChunk, chunks: chunks.map((c) => Uint8Array.from(c)), playerMinutes: 1 };
}

describe('replay store limits', () => {
  it('evicts past the TTL, beyond the newest rounds of a room, then oldest first to fit the total', () => {
    const e = (code: string, round: number, bytes: number, endedAtEpochMs: number) => ({ code, round, bytes, endedAtEpochMs });
    const entries = [e('A', 1, 100, 1000), e('A', 2, 100, 2000), e('A', 3, 100, 3000), e('B', 1, 700, 2500), e('B', 2, 200, 4000), e('C', 1, 10, -70_000)];
    const gone = evictions(entries, LIMITS, 5000).map((g) => `${g.code}${g.round}`);
    // C1: too old; A1: the third newest of A; then 1100 B over a 1000 B cap: A2 (the oldest kept) goes.
    expect(gone.sort()).toEqual(['A1', 'A2', 'C1']);
  });
});

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

async function redisStore(now: () => number): Promise<RedisReplayStore> {
  const connection = createRedisConnection({ url: redis.url }, createLogger('silent', 'test'), 'test');
  await connection.connect();
  onCleanup(() => connection.close());
  return new RedisReplayStore(connection, LIMITS, now);
}

describe.each([
  ['memory', async (now: () => number): Promise<ReplayStore> => new MemoryReplayStore(LIMITS, null, now)],
  ['redis', redisStore],
])('%s replay store', (_kind, make) => {
  it('lists running and finished rounds, serves the framed file with its validator, keeps the limits', async () => {
    let now = 10_000;
    const store = await make(() => now);
    const room = `R${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    await store.begin(room, 1, 9_000);
    expect(await store.list(room)).toEqual([{ round: 1, status: 'running', startedAtEpochMs: 9_000 }]);
    expect(await store.load(room, 1)).toEqual({ info: { round: 1, status: 'running', startedAtEpochMs: 9_000 }, bytes: null });
    const info = await store.finish(room, finished(1, [[1, 2, 3], [4]], now));
    expect(info).toMatchObject({ round: 1, status: 'finished', endReason: 'time-up', bytes: 5 + 4 + 2 });
    const loaded = await store.load(room, 1);
    const chunks = unframeRecording(loaded!.bytes!);
    expect(chunks.ok && chunks.value.chunks.map((c) => Array.from(c))).toEqual([[1, 2, 3], [4]]);
    for (let round = 2; round <= 3; round++) await store.finish(room, finished(round, [[round]], (now += 100)));
    // Two per room: the first went.
    expect((await store.list(room)).map((r) => r.round)).toEqual([2, 3]);
    expect(await store.load(room, 1)).toBeNull();
    await store.forgetRoom(room);
    expect(await store.list(room)).toEqual([]);
  });
});

describe('redis replay store across owners', () => {
  it('a round goes on from the chunks another owner put; a chunk put again replaces itself; missing chunks make the round lost', async () => {
    const store = await redisStore(() => 50_000);
    const room = `T${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    await store.begin(room, 4, 1);
    await store.putChunks(room, 4, 0, [Uint8Array.of(10), Uint8Array.of(11), Uint8Array.of(99)]);
    // The next owner's snapshot said two chunks were stored: it puts its own from index 2 on.
    const info = await store.finish(room, finished(4, [[12], [13]], 50_000, 2));
    expect(info.status).toBe('finished');
    const file = unframeRecording((await store.load(room, 4))!.bytes!);
    expect(file.ok && file.value.chunks.map((c) => c[0])).toEqual([10, 11, 12, 13]);
    await store.begin(room, 5, 1);
    const lost = await store.finish(room, finished(5, [[1]], 50_000, 3));
    expect(lost.status).toBe('lost');
    expect(await store.load(room, 5)).toEqual({ info: lost, bytes: null });
  });
});
