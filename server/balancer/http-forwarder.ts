/**
 * The balancer's plain HTTP requests to the nodes (engine.io polling included): placed by the
 * NodePlacer and proxied with keep-alive, each answer marked with the node that gave it; a
 * polling handshake opens a counted connection and the node cookie, and the session ends as
 * soon as its node forgets it or the client sends the close packet.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { apiError, sendJson } from './admin-routes';
import type { ConnectionLease } from './connection-tracker';
import type { NodePlacer } from './node-placer';
import { nodeCookie, type RouteHints } from './route-hints';
import { sniffHandshakeSid } from './sid-sniffer';
import type { ForwarderDeps } from './forwarder-deps';

/** A close packet arrives alone or with a few small packets (pong "3", noop "6"). */
const MAX_CLOSE_PAYLOAD_BYTES = 16;

/** Per proxied HTTP request: which node it went to, and the lease if it is a polling handshake. */
interface RequestState {
  nodeId: string;
  sid: string | null;
  handshakeLease: ConnectionLease | null;
}

export class HttpForwarder {
  private readonly requestStates = new WeakMap<IncomingMessage, RequestState>();
  // Keep-alive to the nodes for plain HTTP; WebSocket upgrades take their own sockets.
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

  constructor(private readonly deps: ForwarderDeps) {
    const { proxy, sessions } = deps;
    proxy.on('proxyRes', (proxyRes, req) => {
      const state = this.requestStates.get(req);
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
  }

  /** Places and proxies one request that is not the balancer's own. */
  async forward(req: IncomingMessage, res: ServerResponse, hints: RouteHints): Promise<void> {
    const { proxy, placer, tracker, metrics } = this.deps;
    const placed = await placer.place(req, hints);
    if (placed === null) {
      metrics.countUnplaced('http');
      sendJson(res, 503, apiError('NO_NODES', 'No game node is available right now; try again in a moment.'));
      return;
    }
    const { node, clientIp } = placed;
    metrics.countRequest(node.id, placer.strategyName, 'http');
    const isHandshake = hints.isSocketIo && hints.sid === null && req.method === 'GET';
    const handshakeLease = isHandshake ? tracker.open(node.id, clientIp, placer.strategyName) : null;
    this.requestStates.set(req, { nodeId: node.id, sid: hints.sid, handshakeLease });
    proxy.web(req, res, { target: node.url, agent: this.agent }, (error, _req, response) => {
      handshakeLease?.close();
      this.deps.onProxyError(error, node.id, 'http');
      if (response instanceof http.ServerResponse) {
        if (!response.headersSent) sendJson(response, 502, apiError('BAD_GATEWAY', `Node ${node.id} did not answer.`));
        else response.destroy();
      } else {
        response.destroy();
      }
    });
    if (hints.sid !== null && req.method === 'POST') this.watchForClosePacket(req, res, hints.sid);
  }

  /** Closes the kept-alive sockets to the nodes (the balancer stops). */
  stop(): void {
    this.agent.destroy();
  }

  /**
   * A polling client that leaves sends the close packet ("1") in a POST; end its session then
   * rather than at the idle sweep, so least-connections and /balancer/status see it go at once.
   */
  private watchForClosePacket(req: IncomingMessage, res: ServerResponse, sid: string): void {
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (!(length > 0 && length <= MAX_CLOSE_PAYLOAD_BYTES)) return;
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('latin1');
    });
    req.once('end', () => {
      // Payload packets are separated by the record separator (engine.io protocol v4).
      if (body.split('\u001e').includes('1')) res.once('finish', () => this.deps.sessions.forget(sid));
    });
  }
}
