import { StrategyName, type BalancingStrategy, type PoolNode } from './strategy';

/**
 * The node with the fewest connections open through this balancer; ties go to the node that
 * reported fewer players (connections made around the balancer, or through another balancer),
 * then rotate so a burst of simultaneous connects does not pile onto the first id.
 */
export class LeastConnectionsStrategy implements BalancingStrategy {
  readonly name = StrategyName.LeastConnections;
  private tieBreak = 0;

  constructor(private readonly openConnectionsOf: (nodeId: string) => number) {}

  pick(nodes: readonly PoolNode[]): PoolNode {
    const offset = this.tieBreak++ % nodes.length;
    let best = nodes[offset];
    let bestOpen = this.openConnectionsOf(best.id);
    for (let i = 1; i < nodes.length; i++) {
      const node = nodes[(offset + i) % nodes.length];
      const open = this.openConnectionsOf(node.id);
      if (open < bestOpen || (open === bestOpen && node.players < best.players)) {
        best = node;
        bestOpen = open;
      }
    }
    return best;
  }
}
