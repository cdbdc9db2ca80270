import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { createLogger } from '../logger';
import type { Balancer, BalancerOptions, BalancerStatus } from './balancer-api';
import { apiError, handleAdmin, isBalancerPath, sendJson } from './admin-routes';
import { BalancerMetrics, type RequestKind } from './balancer-metrics';
import { clientAddress, normalizeAddress } from '../security/client-address';
import { ConnectionTracker, type ConnectionLease } from './connection-tracker';
import { NodePool } from './node-pool';
import { PollingSessions } from './polling-sessions';
import { RoomOwnerCache } from './room-owner-cache';
import { nodeCookie, readRouteHints, type RouteHints } from './route-hints';
import { sniffHandshakeSid } from './sid-sniffer';
import { createStrategy } from './strategies/create-strategy';
import { STRATEGY_NAMES, StrategyName, type BalancingStrategy, type PoolNode } from './strategies/strategy';

/** Per proxied HTTP request: which node it went to, and the lease if it is a polling handshake. */
interface RequestState {
  nodeId: string;
  sid: string | null;
  handshakeLease: ConnectionLease | null;
}

interface Placement {
  node: PoolNode;
  clientIp: string;
}

const SESSION_SWEEP_INTERVAL_MS = 5000;
/** A close packet arrives alone or with a few small packets (pong "3", noop "6"). */
const MAX_CLOSE_PAYLOAD_BYTES = 16;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * The balancer: one HTTP server that answers its own /metrics and /balancer/* endpoints and
 * proxies everything else (HTTP and WebSocket upgrades) to a game node chosen by the strategy
 * in force. http-proxy-3 does the byte shovelling; this file decides where bytes go.
 *
 *   client ──HTTP/WS──▶ balancer ──(strategy | sid / cookie stickiness)──▶ node
 *                          ▲ NodePool: registry.list() + GET /healthz every 500 ms
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const log = options.log ?? createLogger('info', 'balancer');
  const trustedProxies = new Set([...(options.trustedProxies ?? [])].map(normalizeAddress));
  const pool = new NodePool({
    registry: options.registry,
    log,
    pollIntervalMs: options.pollIntervalMs,
    healthTimeoutMs: options.healthTimeoutMs,
    failuresToEject: options.failuresToEject,
  });
  const tracker = new ConnectionTracker();
  const sessions = new PollingSessions({ idleMs: options.pollingSessionIdleMs });
  const ownerCache = options.roomDirectory ? new RoomOwnerCache(options.roomDirectory, log, options.roomOwnerTtlMs) : null;
  const strategyDeps = { openConnectionsOf: (id: string) => tracker.openCount(id) };
  let strategy: BalancingStrategy = createStrategy(options.strategy ?? StrategyName.IpHash, strategyDeps);
  const metrics = new BalancerMetrics({ pool, tracker, strategyName: () => strategy.name });
  const requestStates = new WeakMap<IncomingMessage, RequestState>();
  const upgradedSockets = new Set<Duplex>();
  // Keep-alive to the nodes for plain HTTP; WebSocket upgrades take their own sockets.
  const webAgent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

  const proxy = createProxyServer({ xfwd: true, ws: true });
  proxy.on('proxyRes', (proxyRes, req) => {
    const state = requestStates.get(req);
    if (state === undefined) return;
    // Which node answered: visible with `curl -i`, handy in the load-balancing lesson.
    proxyRes.headers['x-roundtrip-node'] = state.nodeId;
    // 400 to a sid request is engine.io's "Session ID unknown": that session is over.
    if (state.sid !== null && proxyRes.statusCode === 400) sessions.forget(state.sid);
    const lease = state.handshakeLease;
    if (lease === null) return;
    const existing = proxyRes.headers['set-cookie'] ?? [];
    proxyRes.headers['set-cookie'] = [...existing, nodeCookie(state.nodeId)];
    sniffHandshakeSid(proxyRes, (sid) => {
      if (sid === null) lease.close();
      else sessions.remember(sid, lease);
    });
  });
  // Marks a client socket once the node said 101: from then on it carries WebSocket frames,
  // so an error must not be answered with an HTTP status line.
  const tunnelled = new WeakSet<Duplex>();
  proxy.on('proxyReqWs', (proxyReq, _req, socket) => {
    proxyReq.once('upgrade', () => tunnelled.add(socket));
  });
  // A safety net: every proxy call below passes its own error callback.
  proxy.on('error', (error) => log.warn({ err: error.message }, 'proxy error'));

  function setStrategy(name: StrategyName): void {
    if (name === strategy.name) return;
    log.info({ from: strategy.name, to: name }, 'balancing strategy switched');
    strategy = createStrategy(name, strategyDeps);
  }

  async function place(req: IncomingMessage, hints: RouteHints): Promise<Placement | null> {
    const clientIp = clientAddress(req, trustedProxies);
    if (hints.sid !== null) {
      // A request inside an engine.io session must reach the node that issued the sid.
      const sessionNodeId = sessions.touch(hints.sid);
      const stickyId = sessionNodeId ?? hints.cookieNodeId;
      const sticky = stickyId === null ? undefined : pool.get(stickyId);
      if (sticky !== undefined) return { node: sticky, clientIp };
      // The node is gone: the session died with it; the new node will answer "unknown sid"
      // and the client starts a fresh handshake (placed by the strategy).
      if (sessionNodeId !== undefined) sessions.forget(hints.sid);
    }
    let roomOwnerId: string | null = null;
    if (strategy.name === StrategyName.RoomAffinity && hints.roomCode !== null && ownerCache !== null) {
      roomOwnerId = await ownerCache.ownerOf(hints.roomCode);
    }
    const nodes = pool.inRotation();
    if (nodes.length === 0) return null;
    return { node: strategy.pick(nodes, { clientIp, roomOwnerId }), clientIp };
  }

  function onProxyError(error: Error, nodeId: string, kind: RequestKind): void {
    metrics.countProxyError(nodeId, kind);
    const code = (error as Error & { code?: string }).code ?? '';
    if (UNREACHABLE_CODES.has(code)) pool.reportUnreachable(nodeId);
    log.debug({ nodeId, kind, err: error.message, code }, 'node did not answer');
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let hints: RouteHints;
    try {
      hints = readRouteHints(req);
    } catch {
      sendJson(res, 400, apiError('BAD_REQUEST', 'Unreadable request URL.'));
      return;
    }
    if (isBalancerPath(hints.pathname)) {
      await handleAdmin(req, res, hints.pathname, {
        metrics,
        status,
        setStrategy,
        adminToken: options.adminToken,
        teacherTokens: options.teacherTokens,
        nodeControl: options.nodeControl,
        routed: async () => (await status()).nodes,
      });
      return;
    }
    const placed = await place(req, hints);
    if (placed === null) {
      metrics.countUnplaced('http');
      sendJson(res, 503, apiError('NO_NODES', 'No game node is available right now; try again in a moment.'));
      return;
    }
    const { node, clientIp } = placed;
    metrics.countRequest(node.id, strategy.name, 'http');
    const isHandshake = hints.isSocketIo && hints.sid === null && req.method === 'GET';
    const handshakeLease = isHandshake ? tracker.open(node.id, clientIp, strategy.name) : null;
    requestStates.set(req, { nodeId: node.id, sid: hints.sid, handshakeLease });
    proxy.web(req, res, { target: node.url, agent: webAgent }, (error, _req, response) => {
      handshakeLease?.close();
      onProxyError(error, node.id, 'http');
      if (response instanceof http.ServerResponse) {
        if (!response.headersSent) sendJson(response, 502, apiError('BAD_GATEWAY', `Node ${node.id} did not answer.`));
        else response.destroy();
      } else {
        response.destroy();
      }
    });
    if (hints.sid !== null && req.method === 'POST') watchForClosePacket(req, res, hints.sid);
  }

  /**
   * A polling client that leaves sends the close packet ("1") in a POST; end its session then
   * rather than at the idle sweep, so least-connections and /balancer/status see it go at once.
   */
  function watchForClosePacket(req: IncomingMessage, res: ServerResponse, sid: string): void {
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (!(length > 0 && length <= MAX_CLOSE_PAYLOAD_BYTES)) return;
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('latin1');
    });
    req.once('end', () => {
      // Payload packets are separated by the record separator (engine.io protocol v4).
      if (body.split('\u001e').includes('1')) res.once('finish', () => sessions.forget(sid));
    });
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Until the proxy attaches its own handlers, a reset from the client must not crash us.
    socket.on('error', () => socket.destroy());
    let hints: RouteHints;
    try {
      hints = readRouteHints(req);
    } catch {
      refuseUpgrade(socket, 400, 'Bad Request');
      return;
    }
    if (isBalancerPath(hints.pathname)) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const placed = await place(req, hints);
    if (placed === null) {
      metrics.countUnplaced('websocket');
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    const { node, clientIp } = placed;
    // A polling session upgrading keeps its one counted connection; a fresh WebSocket opens one.
    const sid = hints.sid;
    const sessionLease = sid === null ? undefined : sessions.bindWebSocket(sid);
    const lease = sessionLease ?? tracker.open(node.id, clientIp, strategy.name);
    upgradedSockets.add(socket);
    socket.once('close', () => {
      upgradedSockets.delete(socket);
      if (sid === null || sessionLease === undefined) lease.close();
      // After a 101 the WebSocket carried the session, and its close ends it; a probe that
      // never got through leaves the session to go on polling.
      else if (tunnelled.has(socket)) sessions.forget(sid);
      else sessions.unbindWebSocket(sid);
    });
    metrics.countRequest(node.id, strategy.name, 'websocket');
    proxy.ws(req, socket, head, { target: node.url }, (error) => {
      onProxyError(error, node.id, 'websocket');
      // The proxy closes the socket after this; before the 101 the client gets a status.
      if (!tunnelled.has(socket)) writeStatus(socket, 502, 'Bad Gateway');
    });
  }

  async function status(): Promise<BalancerStatus> {
    const requests = await metrics.requestsByNode();
    const nodes = pool.snapshot().map((n) => ({ ...n, connections: tracker.describe(n.id), requests: requests.get(n.id) ?? 0 }));
    const openConnections = tracker.nodeIds().reduce((sum, id) => sum + tracker.openCount(id), 0);
    return { strategy: strategy.name, strategies: STRATEGY_NAMES, nodes, openConnections, pollingSessions: sessions.size, nodeControl: options.nodeControl !== undefined };
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'balancer request failed');
      if (!res.headersSent) sendJson(res, 500, apiError('INTERNAL', 'Internal error.'));
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((error: unknown) => {
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
  log.info({ url, strategy: strategy.name, nodes: pool.inRotation().map((n) => n.id) }, 'balancer listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    get strategy() {
      return strategy.name;
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
        for (const socket of upgradedSockets) socket.destroy();
        upgradedSockets.clear();
        sessions.clear();
        webAgent.destroy();
        await closed;
        log.info('balancer stopped');
      })();
      return stopping;
    },
  };
}

/** Answers an upgrade request we will not tunnel with a plain HTTP status, then closes. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (!writeStatus(socket, status, reason)) {
    socket.destroy();
    return;
  }
  socket.end();
  socket.once('finish', () => socket.destroy());
}

function writeStatus(socket: Duplex, status: number, reason: string): boolean {
  if (!socket.writable || socket.destroyed) return false;
  const body = JSON.stringify(apiError(reason.toUpperCase().replaceAll(' ', '_'), reason));
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  return true;
}
