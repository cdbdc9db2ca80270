import { createHash } from 'node:crypto';
import type { RedisCommands } from '../cluster/redis-connection';

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

export interface CacheCounters {
  hits: number;
  misses: number;
  /** Responses with a body, and conditional requests answered 304 Not Modified. */
  ok200: number;
  notModified304: number;
}

/**
 * Serves a computed resource from the cache while its version is current, and builds the
 * validators: a strong ETag from the body's hash (RFC 9110 §8.8.3) and Last-Modified from when
 * the data last changed (§8.8.2).
 */
export class ResponseCache {
  readonly counters: CacheCounters = { hits: 0, misses: 0, ok200: 0, notModified304: 0 };

  constructor(
    private readonly store: CacheStore,
    private readonly ttlMs = 60_000,
  ) {}

  async fetch(key: string, version: string, lastModifiedEpochMs: number, compute: () => unknown): Promise<CachedResponse> {
    const cached = await this.store.get(key).catch(() => null);
    if (cached !== null && cached.version === version) {
      this.counters.hits++;
      return cached;
    }
    this.counters.misses++;
    const body = JSON.stringify(compute());
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    // HTTP dates have one-second resolution; round down so If-Modified-Since compares cleanly.
    const value: CachedResponse = { version, body, etag, lastModifiedEpochMs: Math.floor(lastModifiedEpochMs / 1000) * 1000 };
    await this.store.set(key, value, this.ttlMs).catch(() => undefined);
    return value;
  }
}

/**
 * True when the client's copy is current: If-None-Match takes precedence over
 * If-Modified-Since (RFC 9110 §13.1.3).
 */
export function isNotModified(response: CachedResponse, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): boolean {
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || t === response.etag || t === `W/${response.etag}`;
    });
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return Number.isFinite(since) && response.lastModifiedEpochMs <= since;
  }
  return false;
}
