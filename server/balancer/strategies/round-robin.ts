import { StrategyName, type BalancingStrategy, type PoolNode } from './strategy';

/** Each new connection to the next node in id order. Not sticky: polling relies on the session map. */
export class RoundRobinStrategy implements BalancingStrategy {
  readonly name = StrategyName.RoundRobin;
  private next = 0;

  pick(nodes: readonly PoolNode[]): PoolNode {
    const node = nodes[this.next % nodes.length];
    this.next = (this.next + 1) % 1_000_000_007;
    return node;
  }
}
