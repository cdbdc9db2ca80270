import { createHash } from 'node:crypto';
import type { CachedResponse, CacheStore } from '../cluster/cache-store';

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
