import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** What any node (or the balancer) can learn about a room without asking its owner. */
export interface RoomInfo {
  code: string;
  owner: string;
  players: number;
  capacity: number;
  phase: string;
  locked: boolean;
}

/**
 * Which node owns (ticks) each room, as a lease the owner renews. A lapsed lease (the owner
 * died) lets another node claim the room and restore it from its last saved snapshot.
 */
export interface RoomDirectory {
  /** Takes the lease if nobody holds it; false when another node does. */
  claim(code: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if this node still holds it; false when it lost it. */
  renew(code: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (room closed) if this node holds it. */
  release(code: string, nodeId: string): Promise<void>;
  ownerOf(code: string): Promise<string | null>;
  publishInfo(info: RoomInfo, ttlMs: number): Promise<void>;
  info(code: string): Promise<RoomInfo | null>;
}

/** Lease TTL: three missed renewals (one a second) and the room is up for takeover. @default 3000 */
export const ROOM_LEASE_TTL_MS = 3000;

export class MemoryRoomDirectory implements RoomDirectory {
  private readonly owners = new Map<string, { nodeId: string; expiresAtMs: number }>();
  private readonly infos = new Map<string, RoomInfo>();

  async claim(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const held = this.owners.get(code);
    if (held !== undefined && held.expiresAtMs > Date.now() && held.nodeId !== nodeId) return false;
    this.owners.set(code, { nodeId, expiresAtMs: Date.now() + ttlMs });
    return true;
  }

  async renew(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const held = this.owners.get(code);
    if (held === undefined || held.nodeId !== nodeId) return false;
    held.expiresAtMs = Date.now() + ttlMs;
    return true;
  }

  async release(code: string, nodeId: string): Promise<void> {
    if (this.owners.get(code)?.nodeId === nodeId) {
      this.owners.delete(code);
      this.infos.delete(code);
    }
  }

  async ownerOf(code: string): Promise<string | null> {
    const held = this.owners.get(code);
    return held !== undefined && held.expiresAtMs > Date.now() ? held.nodeId : null;
  }

  async publishInfo(info: RoomInfo): Promise<void> {
    this.infos.set(info.code, info);
  }

  async info(code: string): Promise<RoomInfo | null> {
    return (await this.ownerOf(code)) === null ? null : (this.infos.get(code) ?? null);
  }
}

/** Compare-and-set in one round trip: only the holder may extend or drop its lease. */
const RENEW_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1], KEYS[2]) else return 0 end`;

export class RedisRoomDirectory implements RoomDirectory {
  constructor(private readonly redis: RedisCommands) {}

  async claim(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const key = RedisKeys.roomOwner(code);
    const set = await this.redis.set(key, nodeId, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    if (set === 'OK') return true;
    // Already ours (a re-claim after Redis came back, say): extend it.
    return this.renew(code, nodeId, ttlMs);
  }

  async renew(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.eval(RENEW_IF_MINE, { keys: [RedisKeys.roomOwner(code)], arguments: [nodeId, String(ttlMs)] });
    return Number(result) === 1;
  }

  async release(code: string, nodeId: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_MINE, { keys: [RedisKeys.roomOwner(code), RedisKeys.roomInfo(code)], arguments: [nodeId] });
  }

  async ownerOf(code: string): Promise<string | null> {
    return this.redis.get(RedisKeys.roomOwner(code));
  }

  async publishInfo(info: RoomInfo, ttlMs: number): Promise<void> {
    await this.redis.set(RedisKeys.roomInfo(info.code), JSON.stringify(info), { expiration: { type: 'PX', value: ttlMs } });
  }

  async info(code: string): Promise<RoomInfo | null> {
    const json = await this.redis.get(RedisKeys.roomInfo(code));
    if (json === null) return null;
    try {
      return JSON.parse(json) as RoomInfo;
    } catch {
      return null;
    }
  }
}
