import { parseHolder } from './node-identity';
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
 * died) lets another node claim the room and restore it from its last saved snapshot. A lease
 * is held by a `holder`, `nodeId@incarnation` (node-identity.ts), so a lease of a process that
 * died can be told from one of its successor under the same id and taken over at once.
 */
export interface RoomDirectory {
  /** Takes the lease if nobody holds it; false when another holder does. */
  claim(code: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Takes the lease from `staleHolder` (a dead incarnation) if that is still who holds it. */
  claimFrom(code: string, staleHolder: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if this holder still holds it; false when it lost it. */
  renew(code: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (room closed) if this holder holds it. */
  release(code: string, holder: string): Promise<void>;
  /** The node id holding the lease (what routing needs), or null. */
  ownerOf(code: string): Promise<string | null>;
  /** The whole holder (`nodeId@incarnation`), or null. */
  holderOf(code: string): Promise<string | null>;
  /** Rooms whose lease a node id took (any incarnation), so a restarted node finds its own. */
  roomsClaimedBy(nodeId: string): Promise<string[]>;
  publishInfo(info: RoomInfo, ttlMs: number): Promise<void>;
  info(code: string): Promise<RoomInfo | null>;
}

/**
 * Owners renew their leases, and other nodes look at the owners of the rooms they follow, at
 * least four times per lease TTL (config LEASE_TTL_MS), so an owner stalled for up to three
 * quarters of the TTL keeps its rooms; and at least every 500 ms, so a restarted owner is
 * followed within half a second whatever the TTL.
 */
export function leaseRenewIntervalMs(leaseTtlMs: number): number {
  return Math.max(50, Math.min(500, Math.round(leaseTtlMs / 4)));
}

export class MemoryRoomDirectory implements RoomDirectory {
  private readonly owners = new Map<string, { holder: string; expiresAtMs: number }>();
  private readonly infos = new Map<string, RoomInfo>();

  async claim(code: string, holder: string, ttlMs: number): Promise<boolean> {
    const held = this.owners.get(code);
    if (held !== undefined && held.expiresAtMs > Date.now() && held.holder !== holder) return false;
    this.owners.set(code, { holder, expiresAtMs: Date.now() + ttlMs });
    return true;
  }

  async claimFrom(code: string, staleHolder: string, holder: string, ttlMs: number): Promise<boolean> {
    const held = this.owners.get(code);
    if (held !== undefined && held.expiresAtMs > Date.now() && held.holder !== staleHolder && held.holder !== holder) return false;
    this.owners.set(code, { holder, expiresAtMs: Date.now() + ttlMs });
    return true;
  }

  async renew(code: string, holder: string, ttlMs: number): Promise<boolean> {
    const held = this.owners.get(code);
    if (held === undefined || held.holder !== holder) return false;
    held.expiresAtMs = Date.now() + ttlMs;
    return true;
  }

  async release(code: string, holder: string): Promise<void> {
    if (this.owners.get(code)?.holder === holder) {
      this.owners.delete(code);
      this.infos.delete(code);
    }
  }

  async ownerOf(code: string): Promise<string | null> {
    const holder = await this.holderOf(code);
    return holder === null ? null : parseHolder(holder).nodeId;
  }

  async holderOf(code: string): Promise<string | null> {
    const held = this.owners.get(code);
    return held !== undefined && held.expiresAtMs > Date.now() ? held.holder : null;
  }

  async roomsClaimedBy(nodeId: string): Promise<string[]> {
    const codes: string[] = [];
    for (const [code, held] of this.owners) if (parseHolder(held.holder).nodeId === nodeId) codes.push(code);
    return codes;
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
/** Takes a lease over from a dead holder, or from nobody, but never from a live other one. */
const CLAIM_FROM = `local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] or held == ARGV[2] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;
/** How long a node's claimed-rooms set outlives its last claim: longer than any lease. */
const CLAIMED_SET_TTL_MS = 10 * 60_000;

export class RedisRoomDirectory implements RoomDirectory {
  constructor(private readonly redis: RedisCommands) {}

  async claim(code: string, holder: string, ttlMs: number): Promise<boolean> {
    const key = RedisKeys.roomOwner(code);
    const set = await this.redis.set(key, holder, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    if (set === 'OK') {
      await this.rememberClaim(code, holder);
      return true;
    }
    // Already ours (a re-claim after Redis came back, say): extend it.
    return this.renew(code, holder, ttlMs);
  }

  async claimFrom(code: string, staleHolder: string, holder: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.eval(CLAIM_FROM, { keys: [RedisKeys.roomOwner(code)], arguments: [staleHolder, holder, String(ttlMs)] });
    if (Number(result) !== 1) return false;
    await this.rememberClaim(code, holder);
    return true;
  }

  async renew(code: string, holder: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.eval(RENEW_IF_MINE, { keys: [RedisKeys.roomOwner(code)], arguments: [holder, String(ttlMs)] });
    return Number(result) === 1;
  }

  async release(code: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_MINE, { keys: [RedisKeys.roomOwner(code), RedisKeys.roomInfo(code)], arguments: [holder] });
    // Another key slot on a Redis Cluster than the lease: a second command, and only a hint.
    await this.redis.sRem(RedisKeys.nodeClaims(parseHolder(holder).nodeId), code);
  }

  async ownerOf(code: string): Promise<string | null> {
    const holder = await this.holderOf(code);
    return holder === null ? null : parseHolder(holder).nodeId;
  }

  async holderOf(code: string): Promise<string | null> {
    return this.redis.get(RedisKeys.roomOwner(code));
  }

  async roomsClaimedBy(nodeId: string): Promise<string[]> {
    return this.redis.sMembers(RedisKeys.nodeClaims(nodeId));
  }

  private async rememberClaim(code: string, holder: string): Promise<void> {
    const key = RedisKeys.nodeClaims(parseHolder(holder).nodeId);
    await this.redis.sAdd(key, code);
    await this.redis.pExpire(key, CLAIMED_SET_TTL_MS);
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
