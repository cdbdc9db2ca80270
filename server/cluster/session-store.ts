import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** Where a resume token leads: any node can route a resume from this alone. */
export interface SessionRecord {
  code: string;
  slot: number;
  name: string;
}

/**
 * Resume tokens, cluster-wide, and the sessions that were ended on purpose (a kicked player):
 * a player token naming a revoked session is refused by every node until it would have
 * expired anyway. The player's state itself (scooter, pizzas, score) travels in the room
 * snapshot the owner saves every second, so a session plus the snapshot is enough to resume on
 * any node after the owner died.
 */
export interface SessionStore {
  /** By session id (server/security/session-id.ts), never by the resume token itself. */
  put(sessionId: string, record: SessionRecord, ttlMs: number): Promise<void>;
  get(sessionId: string): Promise<SessionRecord | null>;
  delete(sessionId: string): Promise<void>;
  /** Refuses player tokens of this session (by sessionIdOf) for `ttlMs`. */
  revoke(sessionId: string, ttlMs: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Expiring entries in a Map, swept as they are read and when the map grows. */
class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();

  set(key: string, value: V, ttlMs: number): void {
    if (this.entries.size >= 10_000) this.sweep();
    this.entries.set(key, { value, expiresAtMs: Date.now() + ttlMs });
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAtMs < now) this.entries.delete(key);
  }
}

export class MemorySessionStore implements SessionStore {
  private readonly records = new ExpiringMap<SessionRecord>();
  private readonly revoked = new ExpiringMap<true>();

  async put(sessionId: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.records.set(sessionId, record, ttlMs);
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    return this.records.get(sessionId) ?? null;
  }

  async delete(sessionId: string): Promise<void> {
    this.records.delete(sessionId);
  }

  async revoke(sessionId: string, ttlMs: number): Promise<void> {
    this.revoked.set(sessionId, true, ttlMs);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return this.revoked.get(sessionId) === true;
  }
}

export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: RedisCommands) {}

  async put(sessionId: string, record: SessionRecord, ttlMs: number): Promise<void> {
    await this.redis.set(RedisKeys.session(sessionId), JSON.stringify(record), { expiration: { type: 'PX', value: ttlMs } });
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const json = await this.redis.get(RedisKeys.session(sessionId));
    if (json === null) return null;
    try {
      const value = JSON.parse(json) as Partial<SessionRecord>;
      if (typeof value.code !== 'string' || typeof value.slot !== 'number' || typeof value.name !== 'string') return null;
      return { code: value.code, slot: value.slot, name: value.name };
    } catch {
      return null;
    }
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.del(RedisKeys.session(sessionId));
  }

  async revoke(sessionId: string, ttlMs: number): Promise<void> {
    await this.redis.set(RedisKeys.revokedSession(sessionId), '1', { expiration: { type: 'PX', value: ttlMs } });
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.get(RedisKeys.revokedSession(sessionId))) !== null;
  }
}
