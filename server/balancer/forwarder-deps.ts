import type { ProxyServer } from 'http-proxy-3';
import type { BalancerMetrics, RequestKind } from './balancer-metrics';
import type { ConnectionTracker } from './connection-tracker';
import type { NodePlacer } from './node-placer';
import type { PollingSessions } from './polling-sessions';

/** What the HTTP and the WebSocket-upgrade forwarders both work with (proxy-server.ts passes one object to both). */
export interface ForwarderDeps {
  proxy: ProxyServer;
  placer: NodePlacer;
  tracker: ConnectionTracker;
  sessions: PollingSessions;
  metrics: BalancerMetrics;
  /** A node did not answer (counted, and the pool told when it looks down). */
  onProxyError: (error: Error, nodeId: string, kind: RequestKind) => void;
}
