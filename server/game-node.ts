import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Server } from 'socket.io';
import type { NodeConfig } from './config';
import { buildHttpApp } from './http/http-app';
import { NodeMetrics } from './http/node-metrics';
import { ResponseCache } from './http/response-cache';
import { createLogger, type Logger } from './logger';
import { BotHost } from './classroom/bot-host';
import { ClassroomService } from './classroom/classroom-service';
import { ClusterCoordinator } from './cluster/cluster-coordinator';
import { createMemoryCluster, createRedisCluster, type ClusterServices } from './cluster/cluster-services';
import { newIdentity } from './cluster/node-identity';
import type { DrainReport } from './cluster/node-drain';
import { RoomHandover } from './cluster/room-handover';
import { MemoryReplayStore } from './cluster/memory-replay-store';
import type { ReplayLimits } from './cluster/replay-store';
import { ReplayDuty } from './replay/replay-duty';
import { Admission } from './net/admission';
import { createSnapshotFormat } from './net/broadcast/create-snapshot-format';
import { SeatBroadcaster } from './net/broadcast/seat-broadcaster';
import { serverParser } from './net/event-guard-parser';
import { CLIENT_EVENTS, Gateway } from './net/gateway';
import { InputIntake } from './net/input-intake';
import { JoinFlow } from './net/join-flow';
import { WatchFlow } from './net/watch-flow';
import { RttProbe } from './net/rtt-probe';
import { SocketIoPublisher } from './net/socket-io-publisher';
import { StrikePolicy } from './net/strike-policy';
import { NodeStats } from './node-stats';
import { RoomManager } from './rooms/room-manager';
import { loadRoomsFromFile } from './rooms/room-state-file';
import { RoomChannel } from './seats/room-channel';
import { SeatRegistry } from './seats/seat-registry';
import { AuthTokens } from './security/auth-tokens';
import { parseTrustedProxies } from './security/client-address';
import { signingSecret } from './security/secrets';
import { FixedStepLoop } from './tick/fixed-step-loop';
import { systemClock } from './tick/monotonic-clock';
import { shutdownSteps } from './shutdown-steps';
import { RoomFileSaver } from './tick/room-file-saver';
import { RoomSweeper } from './tick/room-sweeper';
import { TickDriver } from './tick/tick-driver';

export interface GameNode {
  readonly config: NodeConfig;
  readonly rooms: RoomManager;
  readonly seats: SeatRegistry;
  readonly stats: NodeStats;
  readonly loop: FixedStepLoop;
  readonly broadcaster: SeatBroadcaster;
  readonly cluster: ClusterCoordinator;
  readonly classroom: ClassroomService;
  readonly auth: AuthTokens;
  readonly responseCache: ResponseCache;
  /** Takes the rooms' round recordings to the replay store (issue 14). */
  readonly replays: ReplayDuty;
  readonly log: Logger;
  /** The URL the node listens on (http://host:port). */
  readonly url: string;
  readonly port: number;
  /** Tells every client, closes every socket and the HTTP server, stops the tick. */
  stop(reason?: string): Promise<void>;
  /**
   * Leaves the cluster gracefully (SIGUSR2): hands every room over to the other nodes (saved,
   * lease released), then stops as stop() does, its players reconnecting to the rooms' new
   * owners. On a single node there is nobody to hand over to: the same as stop(). Resolves
   * with what was handed over (null on a single node).
   */
  drain(): Promise<DrainReport | null>;
}

/**
 * One game node, the composition root: builds each part once, hands each what it needs, and
 * starts them. The per-tick work lives in server/tick, the socket edge in server/net, seats in
 * server/seats, the cluster in server/cluster.
 */
export async function startGameNode(config: NodeConfig, log: Logger = createLogger(config.logLevel, config.nodeId)): Promise<GameNode> {
  const stats = new NodeStats();
  const nowMs = () => systemClock.nowMs();
  const startedAtMs = nowMs();
  const rooms = new RoomManager(config, nowMs);
  const seats = new SeatRegistry(config.nodeId, nowMs);
  const identity = newIdentity(config.nodeId);

  const clustered = config.redisUrl !== undefined || (config.redisClusterNodes?.length ?? 0) > 0;
  const replayLimits: ReplayLimits = { roundsPerRoom: config.replayRoundsPerRoom, maxTotalBytes: config.replayMaxTotalBytes, ttlMs: config.replayTtlMs };
  const services: ClusterServices = clustered
    ? await createRedisCluster({ url: config.redisUrl, clusterNodes: config.redisClusterNodes }, config.nodeId, log, replayLimits)
    : createMemoryCluster({ limits: replayLimits, folder: replayFolder(config) });
  // One node's finished recordings from before a restart (the running rounds come with the rooms).
  if (services.replays instanceof MemoryReplayStore) services.replays.loadPersisted(log);

  const auth = new AuthTokens(signingSecret(config.jwtSecret, log));
  const responseCache = new ResponseCache(services.responseCache);
  const tls =
    config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined
      ? { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile) }
      : undefined;

  const admission = new Admission({
    corsOrigins: config.corsOrigins,
    trustedProxies: parseTrustedProxies(config.trustProxy.join(',')),
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    stats,
  });
  // Built unattached: every part gets its transport now, the HTTP server comes later.
  const io = new Server({
    parser: serverParser(config.wireParser, CLIENT_EVENTS),
    serveClient: false,
    maxHttpBufferSize: config.maxMessageBytes,
    // No compression: snapshots are already small binary, and deflate costs CPU per socket.
    perMessageDeflate: false,
    httpCompression: false,
    ...(services.adapter !== undefined ? { adapter: services.adapter } : {}),
    allowRequest: admission.allowRequest,
    // An engine.io connection that never opens the namespace is closed this soon (issue #13).
    connectTimeout: 10_000,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
  });
  const publisher = new SocketIoPublisher(io);
  const channel = new RoomChannel(seats, publisher);
  const handover = new RoomHandover({ rooms, seats, channel, log, resumeAt: (owner, token) => cluster.remoteResume(owner, token) });
  const cluster = new ClusterCoordinator({ identity, services, rooms, seats, channel, handover, config, log, nowMs });
  let listenUrl = '';
  const bots = new BotHost(() => listenUrl, { perNode: config.maxBotsPerNode, perRoom: config.maxBotsPerRoom, perOwner: config.maxBotsPerAddress }, log, (code, slot, seated) => {
    const room = rooms.get(code);
    if (room === undefined) return;
    if (seated) room.serverBots.add(slot);
    else room.serverBots.delete(slot);
  });
  const classroom = new ClassroomService({ rooms, cluster, seats, channel, bots, handover, auth, config, log });

  const strikes = new StrikePolicy(stats, log, config.abuseStrikesMax, nowMs);
  const broadcaster = new SeatBroadcaster(seats, createSnapshotFormat(config.snapshotCodec, config.wireParser, config.tickRateHz), publisher, stats);
  const inputs = new InputIntake({ rooms, cluster, stats, strikes, nodeId: config.nodeId, inputsPerSecondMax: config.inputsPerSecondMax, nowMs });
  const joins = new JoinFlow({ rooms, seats, channel, cluster, strikes, config, stats, log, nowMs });
  const watches = new WatchFlow({ rooms, seats, cluster, auth, strikes, config, log });
  const gateway = new Gateway({ io, admission, joins, watches, inputs, strikes, stats, log, inputsPerSecondMax: config.inputsPerSecondMax, wireParser: config.wireParser, unjoinedTimeoutMs: config.unjoinedTimeoutMs, nowMs });
  const sweeper = new RoomSweeper({ rooms, seats, channel, cluster, stats, log });
  const rtt = new RttProbe(seats, cluster, nowMs);
  const replays = new ReplayDuty({ rooms, seats, store: services.replays, log, tickRateHz: config.tickRateHz });
  const saver = config.roomStateFile === undefined ? null : new RoomFileSaver(config.roomStateFile, rooms, (room) => cluster.snapshotOf(room), log);
  const tickDriver = new TickDriver({
    rooms,
    broadcaster,
    tickRateHz: config.tickRateHz,
    afterRoom: (room) => cluster.saveIfScored(room),
    everyTick: [(tickIndex) => replays.afterTick(tickIndex)],
    everySecond: [() => sweeper.sweep(), () => rtt.probe(), () => replays.everySecond(), ...(saver === null ? [] : [() => saver.saveSoon()])],
  });
  const loop = new FixedStepLoop({
    tickRateHz: config.tickRateHz,
    onTick: tickDriver.onTick,
    onTickTimed: (durationMs, startLateMs) => metrics.observeTick(durationMs, startLateMs),
  });
  const metrics = new NodeMetrics({
    nodeId: config.nodeId,
    rooms,
    stats,
    loop,
    redisPublishes: clustered ? () => broadcaster.clusterBroadcasts + (services.messenger?.publishes ?? 0) : undefined,
  });
  const app = await buildHttpApp({ config, rooms, stats, loop, startedAtMs, metrics, log, cluster, classroom, auth, responseCache, tls, bots });
  io.attach(app.server);
  gateway.attach();

  if (config.roomStateFile !== undefined) {
    const restored = await loadRoomsFromFile(config.roomStateFile, config.resumeGraceMs, nowMs(), log);
    for (const { room, sessions } of restored) {
      rooms.adopt(room);
      handover.adoptRestored(room, sessions);
    }
    if (restored.length > 0) log.info({ rooms: restored.map((r) => r.room.code) }, 'restored rooms saved at the last shutdown');
  }

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const scheme = tls !== undefined ? 'https' : 'http';
  const url = `${scheme}://${shownHost}:${address.port}`;
  listenUrl = `${scheme}://127.0.0.1:${address.port}`;
  bots.listening();
  cluster.setNodeUrl(config.nodeUrl ?? config.publicUrl ?? listenUrl);
  await cluster.start();
  loop.start();
  log.info({ url, tickRateHz: config.tickRateHz, snapshotCodec: config.snapshotCodec, wireParser: config.wireParser }, 'game node listening');

  const step = shutdownSteps(log);
  let stopping: Promise<void> | null = null;
  const stop = (reason = 'The server is shutting down.') => {
    stopping ??= (async () => {
      loop.stop();
      // Rounds that ended are stored before the rooms are saved (a running round rides along with its room).
      await step('store ended rounds', () => replays.settle());
      if (saver !== null) {
        const saved = await step('save rooms', () =>
          saver.saveNow().catch((error: unknown) => {
            log.error({ err: error }, 'could not save rooms');
            return 0;
          }),
        );
        log.info({ rooms: saved, file: config.roomStateFile }, 'saved rooms for the next start');
      }
      await step('leave the cluster', () => cluster.stop());
      await step('stop the bots', () => bots.close());
      await step('tell players', () => gateway.shutdown(reason));
      await step('close sockets', () => new Promise<void>((resolve) => io.close(() => resolve())));
      await step('close HTTP', () => app.close());
      await step('close cluster services', () => services.close());
      metrics.close();
      log.info('game node stopped');
    })();
    return stopping;
  };

  let draining: Promise<DrainReport | null> | null = null;
  const drain = () => {
    draining ??= (async () => {
      if (!cluster.enabled || stopping !== null) {
        await stop();
        return null;
      }
      loop.stop();
      const report = await step('hand rooms over', () => cluster.drain());
      log.info({ ...report }, 'drained: rooms handed over to the other nodes');
      await stop('This server is leaving; your game moves to another one. Reconnecting…');
      return report;
    })();
    return draining;
  };

  return { config, rooms, seats, stats, loop, broadcaster, cluster, classroom, auth, responseCache, replays, log, url, port: address.port, stop, drain };
}

/** One node's folder for finished recordings: REPLAY_DIR, or beside the saved rooms' file. */
function replayFolder(config: NodeConfig): string | undefined {
  if (config.replayDir !== undefined) return config.replayDir;
  if (config.roomStateFile === undefined) return undefined;
  const file = path.resolve(config.roomStateFile);
  return path.join(path.dirname(file), `${path.basename(file, path.extname(file))}-replays`);
}
