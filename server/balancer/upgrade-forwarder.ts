/**
 * The balancer's WebSocket upgrades: placed by the NodePlacer and tunnelled to the node, each
 * a counted connection (a polling session upgrading keeps the one it has) until the socket
 * closes. Before the node's 101 a refusal is a plain HTTP status; after it the socket carries
 * WebSocket frames and is only ever closed.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiError, isBalancerPath } from './admin-routes';
import type { NodePlacer } from './node-placer';
import { readRouteHints, type RouteHints } from './route-hints';
import type { ForwarderDeps } from './forwarder-deps';

export class UpgradeForwarder {
  private readonly upgradedSockets = new Set<Duplex>();
  /**
   * Client sockets the node said 101 to: from then on they carry WebSocket frames, so an
   * error must not be answered with an HTTP status line.
   */
  private readonly tunnelled = new WeakSet<Duplex>();

  constructor(private readonly deps: ForwarderDeps) {
    deps.proxy.on('proxyReqWs', (proxyReq, _req, socket) => {
      proxyReq.once('upgrade', () => this.tunnelled.add(socket));
    });
  }

  async forward(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { proxy, placer, tracker, sessions, metrics } = this.deps;
    const tunnelled = this.tunnelled;
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
    const placed = await placer.place(req, hints);
    if (placed === null) {
      metrics.countUnplaced('websocket');
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    const { node, clientIp } = placed;
    // A polling session upgrading keeps its one counted connection; a fresh WebSocket opens one.
    const sid = hints.sid;
    const sessionLease = sid === null ? undefined : sessions.bindWebSocket(sid);
    const lease = sessionLease ?? tracker.open(node.id, clientIp, placer.strategyName);
    this.upgradedSockets.add(socket);
    socket.once('close', () => {
      this.upgradedSockets.delete(socket);
      if (sid === null || sessionLease === undefined) lease.close();
      // After a 101 the WebSocket carried the session, and its close ends it; a probe that
      // never got through leaves the session to go on polling.
      else if (tunnelled.has(socket)) sessions.forget(sid);
      else sessions.unbindWebSocket(sid);
    });
    metrics.countRequest(node.id, placer.strategyName, 'websocket');
    proxy.ws(req, socket, head, { target: node.url }, (error) => {
      this.deps.onProxyError(error, node.id, 'websocket');
      // The proxy closes the socket after this; before the 101 the client gets a status.
      if (!tunnelled.has(socket)) writeStatus(socket, 502, 'Bad Gateway');
    });
  }

  /** Closes every tunnelled socket (the balancer stops). */
  destroyAll(): void {
    for (const socket of this.upgradedSockets) socket.destroy();
    this.upgradedSockets.clear();
  }
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
