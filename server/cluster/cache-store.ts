import type { RedisCommands } from './redis-connection';

/** A computed response body with the validators HTTP caching needs. */
export interface CachedResponse {
  /** What the body was computed from; a different version means the entry is stale. */
  version: string;
  body: string;
  etag: string;
  lastModifiedEpochMs: number;
}

/** Where computed bodies are kept: this node's memory, or Redis so every node shares them. */
export interface CacheStore {
  get(key: string): Promise<CachedResponse | null>;
  set(key: string, value: CachedResponse, ttlMs: number): Promise<void>;
}

export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: CachedResponse; expiresAtMs: number }>();
  async get(key: string): Promise<CachedResponse | null> {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAtMs < Date.now()) return null;
    return entry.value;
  }
  async set(key: string, value: CachedResponse, ttlMs: number): Promise<void> {
    // Bounded: the keys are the overall board plus one per room.
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { value, expiresAtMs: Date.now() + ttlMs });
  }
}

export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: RedisCommands) {}
  async get(key: string): Promise<CachedResponse | null> {
    const json = await this.redis.get(`rt:cache:${key}`);
    return json === null ? null : (JSON.parse(json) as CachedResponse);
  }
  async set(key: string, value: CachedResponse, ttlMs: number): Promise<void> {
    await this.redis.set(`rt:cache:${key}`, JSON.stringify(value), { expiration: { type: 'PX', value: ttlMs } });
  }
}
