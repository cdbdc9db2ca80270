import type { StrategyName } from './strategies/strategy';

/** One open connection counted against a node; `close()` may be called any number of times. */
export interface ConnectionLease {
  readonly nodeId: string;
  readonly clientIp: string;
  readonly strategy: StrategyName;
  close(): void;
}

/** Per-node view of who is connected through this balancer. */
export interface NodeConnections {
  nodeId: string;
  open: number;
  /** Open connections by the strategy that placed them. */
  openByStrategy: Partial<Record<StrategyName, number>>;
  distinctIps: number;
  /** The most connections from any one address: a whole class behind one school NAT shows here. */
  maxPerIp: number;
  /** Connections whose address has at least one other connection on this node. */
  sharingAnIp: number;
}

interface NodeCounts {
  open: number;
  byStrategy: Map<StrategyName, number>;
  byIp: Map<string, number>;
}

/**
 * Connections the balancer has placed and that are still open (WebSocket tunnels and live
 * polling sessions). least-connections reads it; /metrics and /balancer/status show it.
 * A connection is counted from the moment it is placed, not when it opens, so a burst of
 * simultaneous connects sees each other's picks.
 */
export class ConnectionTracker {
  private readonly nodes = new Map<string, NodeCounts>();

  open(nodeId: string, clientIp: string, strategy: StrategyName): ConnectionLease {
    const counts = this.countsOf(nodeId);
    counts.open++;
    counts.byStrategy.set(strategy, (counts.byStrategy.get(strategy) ?? 0) + 1);
    counts.byIp.set(clientIp, (counts.byIp.get(clientIp) ?? 0) + 1);
    let closed = false;
    return {
      nodeId,
      clientIp,
      strategy,
      close: () => {
        if (closed) return;
        closed = true;
        counts.open--;
        decrement(counts.byStrategy, strategy);
        decrement(counts.byIp, clientIp);
        if (counts.open === 0 && this.nodes.get(nodeId) === counts) this.nodes.delete(nodeId);
      },
    };
  }

  openCount(nodeId: string): number {
    return this.nodes.get(nodeId)?.open ?? 0;
  }

  describe(nodeId: string): NodeConnections {
    const counts = this.nodes.get(nodeId);
    const result: NodeConnections = { nodeId, open: 0, openByStrategy: {}, distinctIps: 0, maxPerIp: 0, sharingAnIp: 0 };
    if (counts === undefined) return result;
    result.open = counts.open;
    for (const [strategy, n] of counts.byStrategy) result.openByStrategy[strategy] = n;
    result.distinctIps = counts.byIp.size;
    for (const n of counts.byIp.values()) {
      if (n > result.maxPerIp) result.maxPerIp = n;
      if (n > 1) result.sharingAnIp += n;
    }
    return result;
  }

  nodeIds(): string[] {
    return [...this.nodes.keys()];
  }

  private countsOf(nodeId: string): NodeCounts {
    let counts = this.nodes.get(nodeId);
    if (counts === undefined) {
      counts = { open: 0, byStrategy: new Map(), byIp: new Map() };
      this.nodes.set(nodeId, counts);
    }
    return counts;
  }
}

function decrement<K>(map: Map<K, number>, key: K): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
