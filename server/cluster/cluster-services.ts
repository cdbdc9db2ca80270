import { createShardedAdapter } from '@socket.io/redis-adapter';
import { catchingAdapterSubscriptions } from './adapter-subscriber';
import type { Logger } from '../logger';
import { MemoryNodeRegistry, RedisNodeRegistry, type NodeRegistry } from './node-registry';
import { NodeMessenger } from './node-messenger';
import { createRedisConnection, type RedisCommands, type RedisTarget } from './redis-connection';
import { MemoryRoomDirectory, RedisRoomDirectory, type RoomDirectory } from './room-directory';
import { NoRoomSnapshotStore, RedisRoomSnapshotStore, type RoomSnapshotStore } from './room-snapshot-store';
import { MemorySessionStore, RedisSessionStore, type SessionStore } from './session-store';
import { MemoryLeaderboardStore, RedisLeaderboardStore, type LeaderboardStore } from './leaderboard-store';
import { MemoryCacheStore, RedisCacheStore, type CacheStore } from './cache-store';
import { MemoryReplayStore } from './memory-replay-store';
import { RedisReplayStore } from './redis-replay-store';
import { DEFAULT_REPLAY_LIMITS, type ReplayLimits, type ReplayStore } from './replay-store';

/**
 * The cluster seams, each behind an interface: in memory for one node (the default, no Redis)
 * or on Redis (standalone or Redis Cluster) for several.
 */
export interface ClusterServices {
  readonly enabled: boolean;
  readonly directory: RoomDirectory;
  readonly registry: NodeRegistry;
  readonly sessions: SessionStore;
  readonly snapshots: RoomSnapshotStore;
  readonly messenger: NodeMessenger | null;
  /** Every room's ranking, readable by any node. */
  readonly leaderboards: LeaderboardStore;
  /** Server-side cache of computed API responses: memory on one node, Redis in a cluster. */
  readonly responseCache: CacheStore;
  /** Round recordings (issue 14): memory on one node (files beside the saved rooms), Redis in a cluster. */
  readonly replays: ReplayStore;
  /** socket.io adapter constructor; undefined keeps socket.io's in-memory adapter. */
  readonly adapter: ReturnType<typeof createShardedAdapter> | undefined;
  /** False while Redis is unreachable (the node reports degraded health and keeps ticking). */
  redisReady(): boolean;
  close(): Promise<void>;
}

/** Where one node keeps its recordings, and how many. */
export interface ReplayStorage {
  limits: ReplayLimits;
  /** A folder for finished recordings to outlive a restart (one node only). */
  folder?: string | undefined;
}

export function createMemoryCluster(replay: ReplayStorage = { limits: DEFAULT_REPLAY_LIMITS }): ClusterServices {
  return {
    enabled: false,
    directory: new MemoryRoomDirectory(),
    registry: new MemoryNodeRegistry(),
    sessions: new MemorySessionStore(),
    snapshots: new NoRoomSnapshotStore(),
    messenger: null,
    leaderboards: new MemoryLeaderboardStore(),
    responseCache: new MemoryCacheStore(),
    replays: new MemoryReplayStore(replay.limits, replay.folder ?? null),
    adapter: undefined,
    redisReady: () => true,
    close: async () => {},
  };
}

/**
 * Four connections: commands, the messenger's subscriber, and the adapter's publisher and
 * subscriber (a subscribed connection can issue no other commands). The adapter runs in
 * sharded mode with dynamic subscriptions: a node subscribes to a room's channel only while it
 * has sockets in that room, so it never receives snapshots of rooms it has no players in.
 */
export async function createRedisCluster(target: RedisTarget, nodeId: string, log: Logger, replayLimits: ReplayLimits = DEFAULT_REPLAY_LIMITS): Promise<ClusterServices> {
  const commands = createRedisConnection(target, log, 'commands');
  const messengerSub = createRedisConnection(target, log, 'messenger-sub');
  const adapterPub = createRedisConnection(target, log, 'adapter-pub');
  const adapterSub = createRedisConnection(target, log, 'adapter-sub');
  const all: RedisCommands[] = [commands, messengerSub, adapterPub, adapterSub];
  await Promise.all(all.map((c) => c.connect()));
  const messenger = new NodeMessenger(commands, messengerSub, nodeId, log);
  return {
    enabled: true,
    directory: new RedisRoomDirectory(commands),
    registry: new RedisNodeRegistry(commands),
    sessions: new RedisSessionStore(commands),
    snapshots: new RedisRoomSnapshotStore(commands),
    messenger,
    leaderboards: new RedisLeaderboardStore(commands),
    responseCache: new RedisCacheStore(commands),
    replays: new RedisReplayStore(commands, replayLimits),
    adapter: createShardedAdapter(adapterPub, catchingAdapterSubscriptions(adapterSub, log), { subscriptionMode: 'dynamic' }),
    redisReady: () => all.every((c) => c.isReady),
    close: async () => {
      await messenger.close();
      await Promise.all(all.map((c) => closeConnection(c)));
    },
  };
}

/** How long a graceful close may wait for replies before the connection is cut. */
const GRACEFUL_CLOSE_MS = 1000;

/**
 * Closes one connection without ever hanging the node's stop (issue 13 §9). node-redis's
 * close() waits for every queued command to be answered; while Redis is down the adapter's
 * queued SUNSUBSCRIBEs never are, and the stop waited forever. A connection that is not
 * ready is cut at once (destroy() rejects what waits, and those rejections are handled); a
 * ready one gets GRACEFUL_CLOSE_MS to finish.
 */
async function closeConnection(connection: RedisCommands): Promise<void> {
  if (!connection.isReady) {
    connection.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    connection.close().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), GRACEFUL_CLOSE_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) connection.destroy();
}
