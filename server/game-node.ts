import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { parserOption } from '../shared/protocol/wire-parser-kind';
import type { NodeConfig } from './config';
import { buildHttpApp } from './http/http-app';
import { NodeMetrics } from './http/node-metrics';
import { createLogger, type Logger } from './logger';
import { Gateway } from './net/gateway';
import { ClusterCoordinator, type CoordinatorHooks } from './cluster/cluster-coordinator';
import { createMemoryCluster, createRedisCluster, type ClusterServices } from './cluster/cluster-services';
import { readFile } from 'node:fs/promises';
import { BotHost } from './classroom/bot-host';
import { ClassroomService } from './classroom/classroom-service';
import { ResponseCache } from './http/response-cache';
import { isSameOrigin } from './http/security';
import { AuthTokens } from './security/auth-tokens';
import { signingSecret } from './security/secrets';
import { NodeStats } from './node-stats';
import { RoomManager } from './rooms/room-manager';
import { loadRoomsFromFile, saveRoomsToFile } from './rooms/room-state-file';
import { FixedStepLoop } from './tick/fixed-step-loop';
import { systemClock } from './tick/monotonic-clock';

export interface GameNode {
  readonly config: NodeConfig;
  readonly rooms: RoomManager;
  readonly stats: NodeStats;
  readonly loop: FixedStepLoop;
  readonly gateway: Gateway;
  readonly cluster: ClusterCoordinator;
  readonly classroom: ClassroomService;
  readonly auth: AuthTokens;
  readonly responseCache: ResponseCache;
  readonly log: Logger;
  /** The URL the node listens on (http://host:port). */
  readonly url: string;
  readonly port: number;
  /** Tells every client, closes every socket and the HTTP server, stops the tick. */
  stop(reason?: string): Promise<void>;
}

/** Sweeps (expired sessions, empty rooms) run once a second, not every tick. */
const SWEEP_INTERVAL_S = 1;

/**
 * One game node: HTTP API + static client, the socket.io gateway, and one fixed-step loop that
 * ticks every room this node owns.
 */
export async function startGameNode(config: NodeConfig, log: Logger = createLogger(config.logLevel, config.nodeId)): Promise<GameNode> {
  const stats = new NodeStats();
  const nowMs = () => systemClock.nowMs();
  const rooms = new RoomManager(config, nowMs);
  const startedAtMs = nowMs();
  if (config.roomStateFile !== undefined) {
    const restored = await loadRoomsFromFile(config.roomStateFile, config.resumeGraceMs, nowMs(), log);
    for (const room of restored) rooms.adopt(room);
    if (restored.length > 0) log.info({ rooms: restored.map((r) => r.code) }, 'restored rooms saved at the last shutdown');
  }

  const clustered = config.redisUrl !== undefined || (config.redisClusterNodes?.length ?? 0) > 0;
  const services: ClusterServices = clustered
    ? await createRedisCluster({ url: config.redisUrl, clusterNodes: config.redisClusterNodes }, config.nodeId, log)
    : createMemoryCluster();
  let gateway: Gateway | null = null;
  // The gateway is built after the HTTP server; the coordinator reaches it through these.
  const hooks: CoordinatorHooks = {
    sendRoster: (room) => gateway?.clusterHooks().sendRoster(room),
    adoptLocalSeats: (room) => gateway?.clusterHooks().adoptLocalSeats(room),
    moveRemoteSeats: async (code, owner) => gateway?.clusterHooks().moveRemoteSeats(code, owner),
    remoteRooms: () => gateway?.clusterHooks().remoteRooms() ?? new Map(),
    dropLostRoom: (room) => gateway?.clusterHooks().dropLostRoom(room),
    teacherRequest: (code, action) =>
      gateway === null
        ? Promise.resolve({ ok: false, status: 503, code: 'UNAVAILABLE', message: 'The node is starting.' })
        : gateway.clusterHooks().teacherRequest(code, action),
    applyRemoteConditions: (code, slot, conditions) => gateway?.clusterHooks().applyRemoteConditions(code, slot, conditions),
  };
  const cluster = new ClusterCoordinator(services, rooms, config, '', log, nowMs, hooks);
  const sweepEveryTicks = Math.max(1, Math.round(config.tickRateHz * SWEEP_INTERVAL_S));
  const loop = new FixedStepLoop({
    tickRateHz: config.tickRateHz,
    onTickTimed: (durationMs, startLateMs) => metrics.observeTick(durationMs, startLateMs),
    onTick: (tickIndex) => {
      const gw = gateway;
      if (gw === null) return;
      for (const room of rooms.values()) {
        if (room.advance()) gw.broadcastSnapshot(room);
        cluster.saveIfScored(room);
      }
      if (tickIndex % sweepEveryTicks === 0) {
        const closed = rooms.sweep((room, slot, token) => {
          cluster.forgetSession(token);
          gw.onSlotExpired(room);
          void slot;
        });
        for (const code of closed) {
          cluster.roomClosed(code);
          gw.onRoomClosed(code);
        }
        gw.probeRtt();
        stats.roomsClosed += closed.length;
        if (closed.length > 0) log.info({ rooms: closed }, 'closed empty rooms');
      }
    },
  });

  const metrics = new NodeMetrics({
    nodeId: config.nodeId,
    rooms,
    stats,
    loop,
    redisPublishes: clustered ? () => (gateway?.clusterBroadcasts ?? 0) + (services.messenger?.publishes ?? 0) : undefined,
  });
  const auth = new AuthTokens(signingSecret(config.jwtSecret, log));
  const responseCache = new ResponseCache(services.responseCache);
  let listenUrl = '';
  const bots = new BotHost(() => listenUrl, { perNode: config.maxBotsPerNode, perRoom: config.maxBotsPerRoom, perOwner: config.maxBotsPerAddress }, log);
  const classroom = new ClassroomService({
    rooms,
    cluster,
    gateway: () => {
      if (gateway === null) throw new Error('gateway not ready');
      return gateway;
    },
    bots,
    auth,
    config,
    log,
  });
  const tls =
    config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined
      ? { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile) }
      : undefined;
  const app = await buildHttpApp({ config, rooms, stats, loop, startedAtMs, metrics, log, cluster, classroom, auth, responseCache, tls, bots });
  const io = new Server(app.server, {
    ...parserOption(config.wireParser),
    serveClient: false,
    maxHttpBufferSize: config.maxMessageBytes,
    // No compression: snapshots are already small binary, and deflate costs CPU per socket.
    perMessageDeflate: false,
    httpCompression: false,
    ...(services.adapter !== undefined ? { adapter: services.adapter } : {}),
    // WebSockets are not covered by CORS: refuse a browser handshake from a foreign origin here.
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      const allowed = origin === undefined || isSameOrigin(origin, request.headers.host) || config.corsOrigins.includes(origin);
      if (!allowed) stats.corsRefused++;
      callback(allowed ? null : 'origin not allowed', allowed);
    },
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
  });
  gateway = new Gateway({ io, rooms, config, stats, log, nowMs });
  gateway.useCluster(cluster);
  gateway.attach();
  classroom.attachGateway();

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const scheme = tls !== undefined ? 'https' : 'http';
  const url = `${scheme}://${shownHost}:${address.port}`;
  listenUrl = `${scheme}://127.0.0.1:${address.port}`;
  cluster.setPublicUrl(config.publicUrl ?? listenUrl);
  await cluster.start();
  loop.start();
  log.info({ url, tickRateHz: config.tickRateHz, snapshotCodec: config.snapshotCodec, wireParser: config.wireParser }, 'game node listening');

  let stopping: Promise<void> | null = null;
  const stop = (reason = 'The server is shutting down.') => {
    stopping ??= (async () => {
      loop.stop();
      if (config.roomStateFile !== undefined && rooms.size > 0) {
        const saved = await saveRoomsToFile(config.roomStateFile, rooms.values()).catch((error: unknown) => {
          log.error({ err: error }, 'could not save rooms');
          return 0;
        });
        log.info({ rooms: saved, file: config.roomStateFile }, 'saved rooms for the next start');
      }
      await cluster.stop();
      await bots.close();
      await gateway.shutdown(reason);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await services.close();
      metrics.close();
      log.info('game node stopped');
    })();
    return stopping;
  };

  return { config, rooms, stats, loop, gateway, cluster, classroom, auth, responseCache, log, url, port: address.port, stop };
}
