import { rendezvousPick } from '../consistent-hash';
import { StrategyName, type BalancingStrategy, type PickContext, type PoolNode } from './strategy';

/**
 * Sticky and consistent: a client address always maps to the same live node, and a node
 * joining or leaving moves only about 1/N of the addresses (rendezvous hashing on node ids).
 * A whole class behind one school NAT shares one address, so it lands on one node.
 */
export class IpHashStrategy implements BalancingStrategy {
  readonly name: StrategyName = StrategyName.IpHash;

  pick(nodes: readonly PoolNode[], context: PickContext): PoolNode {
    const id = rendezvousPick(context.clientIp, nodes.map((n) => n.id));
    return nodes.find((n) => n.id === id) ?? nodes[0];
  }
}
