import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectionTracker } from './connection-tracker';
import type { NodePool } from './node-pool';
import type { StrategyName } from './strategies/strategy';
import { STRATEGY_NAMES } from './strategies/strategy';

export type RequestKind = 'http' | 'websocket';

/**
 * The balancer's own /metrics, in a Registry of its own: in `npm run cluster` it shares a
 * process with nothing else, but in tests it sits beside game nodes and must not mix with them.
 */
export class BalancerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'node' | 'strategy' | 'kind'>;
  private readonly proxyErrors: Counter<'node' | 'kind'>;
  private readonly unplaced: Counter<'kind'>;

  constructor(deps: { pool: NodePool; tracker: ConnectionTracker; strategyName: () => StrategyName }) {
    const registers = [this.registry];
    const { pool, tracker, strategyName } = deps;
    this.requests = new Counter({
      name: 'roundtrip_balancer_requests_total',
      help: 'Requests and WebSocket upgrades proxied, by node, the strategy in force and kind.',
      labelNames: ['node', 'strategy', 'kind'],
      registers,
    });
    this.proxyErrors = new Counter({
      name: 'roundtrip_balancer_proxy_errors_total',
      help: 'Requests a node did not answer (answered 502 to the client).',
      labelNames: ['node', 'kind'],
      registers,
    });
    this.unplaced = new Counter({
      name: 'roundtrip_balancer_no_node_total',
      help: 'Requests refused with 503 because no node was in rotation.',
      labelNames: ['kind'],
      registers,
    });
    const nodeIdsSeen = () => new Set([...pool.snapshot().map((n) => n.id), ...tracker.nodeIds()]);
    new Gauge({
      name: 'roundtrip_balancer_open_connections',
      help: 'Connections open through the balancer (WebSocket tunnels and live polling sessions), by node and the strategy that placed them.',
      labelNames: ['node', 'strategy'],
      registers,
      collect() {
        this.reset();
        for (const id of nodeIdsSeen()) {
          const described = tracker.describe(id);
          for (const strategy of STRATEGY_NAMES) this.set({ node: id, strategy }, described.openByStrategy[strategy] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'roundtrip_balancer_max_clients_per_ip',
      help: 'Most open connections from one client address on each node (a class behind one school NAT shows up here).',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const id of nodeIdsSeen()) this.set({ node: id }, tracker.describe(id).maxPerIp);
      },
    });
    new Gauge({
      name: 'roundtrip_balancer_clients_sharing_ip',
      help: 'Open connections on each node whose client address has other connections on that node too.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const id of nodeIdsSeen()) this.set({ node: id }, tracker.describe(id).sharingAnIp);
      },
    });
    new Gauge({
      name: 'roundtrip_balancer_node_up',
      help: '1 when the node is in rotation, 0 when it is registered but failing its health checks.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const n of pool.snapshot()) this.set({ node: n.id }, n.inRotation ? 1 : 0);
      },
    });
    new Gauge({
      name: 'roundtrip_balancer_strategy',
      help: 'The strategy in force (1) and the others (0).',
      labelNames: ['strategy'],
      registers,
      collect() {
        const current = strategyName();
        for (const strategy of STRATEGY_NAMES) this.set({ strategy }, strategy === current ? 1 : 0);
      },
    });
  }

  countRequest(nodeId: string, strategy: StrategyName, kind: RequestKind): void {
    this.requests.inc({ node: nodeId, strategy, kind });
  }

  countProxyError(nodeId: string, kind: RequestKind): void {
    this.proxyErrors.inc({ node: nodeId, kind });
  }

  countUnplaced(kind: RequestKind): void {
    this.unplaced.inc({ kind });
  }

  /** Requests per node so far, summed over strategies and kinds (for /balancer/status). */
  async requestsByNode(): Promise<Map<string, number>> {
    const byNode = new Map<string, number>();
    for (const value of (await this.requests.get()).values) {
      const node = String(value.labels.node);
      byNode.set(node, (byNode.get(node) ?? 0) + value.value);
    }
    return byNode;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
