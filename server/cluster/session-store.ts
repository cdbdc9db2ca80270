import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** Where a resume token leads: any node can route a resume from this alone. */
export interface SessionRecord {
  code: string;
  slot: number;
  name: string;
}

/**
 * Resume tokens, cluster-wide. The player's state itself (scooter, pizzas, score) travels in
 * the room snapshot the owner saves every second, so a session plus the snapshot is enough to
 * resume on any node after the owner died.
 */
export interface SessionStore {
  put(token: string, record: SessionRecord, ttlMs: number): Promise<void>;
  get(token: string): Promise<SessionRecord | null>;
  delete(token: string): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, { record: SessionRecord; expiresAtMs: number }>();

  async put(token: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.records.set(token, { record, expiresAtMs: Date.now() + ttlMs });
  }

  async get(token: string): Promise<SessionRecord | null> {
    const entry = this.records.get(token);
    if (entry === undefined) return null;
    if (entry.expiresAtMs < Date.now()) {
      this.records.delete(token);
      return null;
    }
    return entry.record;
  }

  async delete(token: string): Promise<void> {
    this.records.delete(token);
  }
}

export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: RedisCommands) {}

  async put(token: string, record: SessionRecord, ttlMs: number): Promise<void> {
    await this.redis.set(RedisKeys.session(token), JSON.stringify(record), { expiration: { type: 'PX', value: ttlMs } });
  }

  async get(token: string): Promise<SessionRecord | null> {
    const json = await this.redis.get(RedisKeys.session(token));
    if (json === null) return null;
    try {
      const value = JSON.parse(json) as Partial<SessionRecord>;
      if (typeof value.code !== 'string' || typeof value.slot !== 'number' || typeof value.name !== 'string') return null;
      return { code: value.code, slot: value.slot, name: value.name };
    } catch {
      return null;
    }
  }

  async delete(token: string): Promise<void> {
    await this.redis.del(RedisKeys.session(token));
  }
}
