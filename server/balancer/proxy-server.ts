/**
 * startBalancer: the balancer process's HTTP server and its lifecycle. It answers its own
 * /metrics and /balancer/* endpoints (admin-routes.ts) and hands everything else to the
 * forwarders: plain HTTP and polling (http-forwarder.ts), WebSocket upgrades
 * (upgrade-forwarder.ts), both placed by NodePlacer (node-placer.ts). http-proxy-3 does the
 * byte shovelling; those files decide where bytes go.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { createLogger } from '../logger';
import { normalizeAddress } from '../security/client-address';
import type { Balancer, BalancerOptions, BalancerStatus } from './balancer-api';
import { apiError, handleAdmin, isBalancerPath, sendJson } from './admin-routes';
import { BalancerMetrics, type RequestKind } from './balancer-metrics';
import { ConnectionTracker } from './connection-tracker';
import { HttpForwarder } from './http-forwarder';
import { NodePlacer } from './node-placer';
import { NodePool } from './node-pool';
import { PollingSessions } from './polling-sessions';
import { RoomOwnerCache } from './room-owner-cache';
import { readRouteHints, type RouteHints } from './route-hints';
import { STRATEGY_NAMES, type StrategyName } from './strategies/strategy';
import { UpgradeForwarder } from './upgrade-forwarder';

const SESSION_SWEEP_INTERVAL_MS = 5000;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * The balancer: one HTTP server that answers its own /metrics and /balancer/* endpoints and
 * proxies everything else (HTTP and WebSocket upgrades) to a game node chosen by the strategy
 * in force.
 *
 *   client ──HTTP/WS──▶ balancer ──(strategy | sid / cookie stickiness)──▶ node
 *                          ▲ NodePool: registry.list() + GET /healthz every 500 ms
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const log = options.log ?? createLogger('info', 'balancer');
  const pool = new NodePool({
    registry: options.registry,
    log,
    pollIntervalMs: options.pollIntervalMs,
    healthTimeoutMs: options.healthTimeoutMs,
    failuresToEject: options.failuresToEject,
  });
  const tracker = new ConnectionTracker();
  const sessions = new PollingSessions({ idleMs: options.pollingSessionIdleMs });
  const placer = new NodePlacer({
    pool,
    tracker,
    sessions,
    ownerCache: options.roomDirectory ? new RoomOwnerCache(options.roomDirectory, log, options.roomOwnerTtlMs) : null,
    trustedProxies: new Set([...(options.trustedProxies ?? [])].map(normalizeAddress)),
    log,
    strategy: options.strategy,
  });
  const metrics = new BalancerMetrics({ pool, tracker, strategyName: () => placer.strategyName });
  const proxy = createProxyServer({ xfwd: true, ws: true });
  const onProxyError = (error: Error, nodeId: string, kind: RequestKind): void => {
    metrics.countProxyError(nodeId, kind);
    const code = (error as Error & { code?: string }).code ?? '';
    if (UNREACHABLE_CODES.has(code)) pool.reportUnreachable(nodeId);
    log.debug({ nodeId, kind, err: error.message, code }, 'node did not answer');
  };
  const forwarderDeps = { proxy, placer, tracker, sessions, metrics, onProxyError };
  const httpForwarder = new HttpForwarder(forwarderDeps);
  const upgradeForwarder = new UpgradeForwarder(forwarderDeps);
  // A safety net: every proxy call passes its own error callback.
  proxy.on('error', (error) => log.warn({ err: error.message }, 'proxy error'));
  const setStrategy = (name: StrategyName): void => placer.setStrategy(name);

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let hints: RouteHints;
    try {
      hints = readRouteHints(req);
    } catch {
      sendJson(res, 400, apiError('BAD_REQUEST', 'Unreadable request URL.'));
      return;
    }
    if (!isBalancerPath(hints.pathname)) return httpForwarder.forward(req, res, hints);
    await handleAdmin(req, res, hints.pathname, {
      metrics,
      status,
      setStrategy,
      adminToken: options.adminToken,
      teacherTokens: options.teacherTokens,
      nodeControl: options.nodeControl,
      routed: async () => (await status()).nodes,
    });
  }

  async function status(): Promise<BalancerStatus> {
    const requests = await metrics.requestsByNode();
    const nodes = pool.snapshot().map((n) => ({ ...n, connections: tracker.describe(n.id), requests: requests.get(n.id) ?? 0 }));
    const openConnections = tracker.nodeIds().reduce((sum, id) => sum + tracker.openCount(id), 0);
    return { strategy: placer.strategyName, strategies: STRATEGY_NAMES, nodes, openConnections, pollingSessions: sessions.size, nodeControl: options.nodeControl !== undefined };
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'balancer request failed');
      if (!res.headersSent) sendJson(res, 500, apiError('INTERNAL', 'Internal error.'));
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgradeForwarder.forward(req, socket, head).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'balancer upgrade failed');
      socket.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await pool.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const sweepTimer = setInterval(() => sessions.sweep(), SESSION_SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  const address = server.address() as AddressInfo;
  const host = options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host}:${address.port}`;
  log.info({ url, strategy: placer.strategyName, nodes: pool.inRotation().map((n) => n.id) }, 'balancer listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    get strategy() {
      return placer.strategyName;
    },
    setStrategy,
    cordon: (nodeId) => pool.setCordoned(nodeId, true),
    uncordon: (nodeId) => pool.setCordoned(nodeId, false),
    status,
    stop() {
      stopping ??= (async () => {
        pool.stop();
        clearInterval(sweepTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        upgradeForwarder.destroyAll();
        sessions.clear();
        httpForwarder.stop();
        await closed;
        log.info('balancer stopped');
      })();
      return stopping;
    },
  };
}
