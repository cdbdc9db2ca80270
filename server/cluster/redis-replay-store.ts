import type { FinishedRecording } from '../rooms/recording-shapes';
import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';
import { evictions, finishedInfo, type KeptEntry, type ReplayLimits, type ReplayStore, type RoundInfo, type StoredReplay } from './replay-store';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * Recordings in Redis, where every node reads them (issue 14). A running round's chunks go to
 * a hash by index as the owner cuts them (at its room saves, every second), so the node
 * that takes a dead owner's room finds them and goes on from the chunk count its snapshot names
 * (a chunk put again at an index replaces the dead owner's). At the end the file is written
 * whole and the chunks dropped. A room's keys share its hash tag; the size cap's index is one
 * hash of its own. Everything expires with the TTL.
 */
export class RedisReplayStore implements ReplayStore {
  readonly durable = true;

  constructor(
    private readonly redis: RedisCommands,
    private readonly limits: ReplayLimits,
    private readonly nowEpochMs: () => number = Date.now,
  ) {}

  async forgetRoom(code: string): Promise<void> {
    const rounds = Object.keys(await this.redis.hGetAll(RedisKeys.replayRounds(code)));
    if (rounds.length === 0) return;
    await this.redis.del([RedisKeys.replayRounds(code), ...rounds.flatMap((r) => [RedisKeys.replayChunks(code, Number(r)), RedisKeys.replayFile(code, Number(r))])]);
    await this.redis.hDel(RedisKeys.replays, rounds.map((r) => `${code}:${r}`));
  }

  async begin(code: string, round: number, startedAtEpochMs: number): Promise<void> {
    const info: RoundInfo = { round, status: 'running', startedAtEpochMs };
    await this.redis.hSet(RedisKeys.replayRounds(code), String(round), JSON.stringify(info));
    await this.redis.pExpire(RedisKeys.replayRounds(code), this.limits.ttlMs);
  }

  async putChunks(code: string, round: number, firstIndex: number, chunks: readonly Uint8Array[]): Promise<void> {
    if (chunks.length === 0) return;
    const key = RedisKeys.replayChunks(code, round);
    // node-redis pipelines concurrent commands on one connection: one round trip for all.
    await Promise.all(chunks.map((chunk, i) => this.redis.hSet(key, String(firstIndex + i), base64(chunk))));
    await this.redis.pExpire(key, this.limits.ttlMs);
  }

  async finish(code: string, finished: FinishedRecording): Promise<RoundInfo> {
    const chunksKey = RedisKeys.replayChunks(code, finished.round);
    const stored = finished.firstChunk === 0 ? {} : await this.redis.hGetAll(chunksKey);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < finished.firstChunk; i++) {
      const b64 = stored[String(i)];
      if (b64 === undefined) return this.lost(code, finished);
      chunks.push(new Uint8Array(Buffer.from(b64, 'base64')));
    }
    chunks.push(...finished.chunks);
    const { info, file } = finishedInfo(finished, chunks);
    await this.redis.set(RedisKeys.replayFile(code, finished.round), base64(file), { expiration: { type: 'PX', value: this.limits.ttlMs } });
    await this.redis.hSet(RedisKeys.replayRounds(code), String(finished.round), JSON.stringify(info));
    await this.redis.pExpire(RedisKeys.replayRounds(code), this.limits.ttlMs);
    await this.redis.del(chunksKey);
    const kept: KeptEntry = { code, round: finished.round, bytes: file.length, endedAtEpochMs: finished.endedAtEpochMs };
    await this.redis.hSet(RedisKeys.replays, `${code}:${finished.round}`, JSON.stringify(kept));
    await this.evict();
    return info;
  }

  async abandon(code: string, round: number): Promise<void> {
    await this.redis.hDel(RedisKeys.replayRounds(code), String(round));
    await this.redis.del(RedisKeys.replayChunks(code, round));
  }

  async list(code: string): Promise<RoundInfo[]> {
    const all = await this.redis.hGetAll(RedisKeys.replayRounds(code));
    return Object.values(all)
      .map((json) => JSON.parse(json) as RoundInfo)
      .sort((a, b) => a.round - b.round);
  }

  async load(code: string, round: number): Promise<StoredReplay | null> {
    const json = (await this.redis.hGetAll(RedisKeys.replayRounds(code)))[String(round)];
    if (json === undefined) return null;
    const info = JSON.parse(json) as RoundInfo;
    if (info.status !== 'finished') return { info, bytes: null };
    const file = await this.redis.get(RedisKeys.replayFile(code, round));
    // Expired or evicted between the two reads: as good as never recorded.
    if (file === null) return null;
    return { info, bytes: new Uint8Array(Buffer.from(file, 'base64')) };
  }

  private async lost(code: string, finished: FinishedRecording): Promise<RoundInfo> {
    const info: RoundInfo = { round: finished.round, status: 'lost', startedAtEpochMs: finished.startedAtEpochMs, endedAtEpochMs: finished.endedAtEpochMs };
    await this.redis.hSet(RedisKeys.replayRounds(code), String(finished.round), JSON.stringify(info));
    await this.redis.del(RedisKeys.replayChunks(code, finished.round));
    return info;
  }

  /** The size cap and per-room limits over every kept recording (a few hundred entries). */
  private async evict(): Promise<void> {
    const all = await this.redis.hGetAll(RedisKeys.replays);
    const kept = Object.values(all).map((json) => JSON.parse(json) as KeptEntry);
    for (const gone of evictions(kept, this.limits, this.nowEpochMs())) {
      await this.redis.del(RedisKeys.replayFile(gone.code, gone.round));
      await this.redis.hDel(RedisKeys.replayRounds(gone.code), String(gone.round));
      await this.redis.hDel(RedisKeys.replays, `${gone.code}:${gone.round}`);
    }
  }
}
