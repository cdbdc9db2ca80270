import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** What service discovery knows of a live node. */
export interface NodeInfo {
  id: string;
  /** Base URL other processes reach the node at, e.g. http://127.0.0.1:3101. */
  url: string;
  rooms: number;
  players: number;
  /** Share of the last heartbeat interval the event loop was busy, 0..1. */
  load: number;
  /** The process under the id (node-identity.ts): a restart under the same id is a new one. */
  incarnation: string;
  startedAtEpochMs: number;
  heartbeatAtEpochMs: number;
}

/** What a node announces; a registry written by tools without a process identity may leave it out. */
export type HeartbeatInfo = Omit<NodeInfo, 'heartbeatAtEpochMs' | 'incarnation'> & { incarnation?: string };

/** Service discovery: nodes announce themselves by heartbeat and expire when they stop. */
export interface NodeRegistry {
  heartbeat(info: HeartbeatInfo): Promise<void>;
  /** Live nodes (heartbeat younger than the TTL), sorted by id. */
  list(): Promise<NodeInfo[]>;
  remove(id: string): Promise<void>;
}

/** How long a node stays listed without a heartbeat. @default 3000 */
export const NODE_TTL_MS = 3000;

/** One node, no Redis: the registry is this node alone. */
export class MemoryNodeRegistry implements NodeRegistry {
  private readonly nodes = new Map<string, NodeInfo>();

  constructor(private readonly ttlMs = NODE_TTL_MS) {}

  async heartbeat(info: HeartbeatInfo): Promise<void> {
    this.nodes.set(info.id, { incarnation: '', ...info, heartbeatAtEpochMs: Date.now() });
  }

  async list(): Promise<NodeInfo[]> {
    const now = Date.now();
    return [...this.nodes.values()].filter((n) => now - n.heartbeatAtEpochMs <= this.ttlMs).sort(byId);
  }

  async remove(id: string): Promise<void> {
    this.nodes.delete(id);
  }
}

/**
 * The registry in one Redis hash (one key, so one slot on a Redis Cluster). Entries carry their
 * heartbeat time; readers skip and prune the stale ones, so a killed node disappears within
 * the TTL without anyone having to notice its death.
 */
export class RedisNodeRegistry implements NodeRegistry {
  constructor(
    private readonly redis: RedisCommands,
    private readonly ttlMs = NODE_TTL_MS,
  ) {}

  async heartbeat(info: HeartbeatInfo): Promise<void> {
    const entry: NodeInfo = { incarnation: '', ...info, heartbeatAtEpochMs: Date.now() };
    await this.redis.hSet(RedisKeys.registry, info.id, JSON.stringify(entry));
  }

  async list(): Promise<NodeInfo[]> {
    const all = await this.redis.hGetAll(RedisKeys.registry);
    const now = Date.now();
    const live: NodeInfo[] = [];
    const stale: string[] = [];
    for (const [id, json] of Object.entries(all)) {
      const info = parseNodeInfo(json);
      if (info !== null && now - info.heartbeatAtEpochMs <= this.ttlMs) live.push(info);
      else if (info === null || now - info.heartbeatAtEpochMs > this.ttlMs * 10) stale.push(id);
    }
    if (stale.length > 0) await this.redis.hDel(RedisKeys.registry, stale);
    return live.sort(byId);
  }

  async remove(id: string): Promise<void> {
    await this.redis.hDel(RedisKeys.registry, id);
  }
}

function byId(a: NodeInfo, b: NodeInfo): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function parseNodeInfo(json: string): NodeInfo | null {
  try {
    const value = JSON.parse(json) as Partial<NodeInfo>;
    if (typeof value.id !== 'string' || typeof value.url !== 'string' || typeof value.heartbeatAtEpochMs !== 'number') return null;
    return {
      id: value.id,
      url: value.url,
      rooms: Number(value.rooms) || 0,
      players: Number(value.players) || 0,
      load: Number(value.load) || 0,
      incarnation: typeof value.incarnation === 'string' ? value.incarnation : '',
      startedAtEpochMs: Number(value.startedAtEpochMs) || 0,
      heartbeatAtEpochMs: value.heartbeatAtEpochMs,
    };
  } catch {
    return null;
  }
}
