import { IpHashStrategy } from './ip-hash';
import { StrategyName, type PickContext, type PoolNode } from './strategy';

/**
 * A request naming a room goes to the node that owns (ticks) it, so the room's snapshots never
 * cross Redis and a class behind one NAT still spreads by room, not by address. Anything else
 * (no room named, unknown room, owner out of rotation) falls back to ip-hash.
 */
export class RoomAffinityStrategy extends IpHashStrategy {
  override readonly name: StrategyName = StrategyName.RoomAffinity;

  override pick(nodes: readonly PoolNode[], context: PickContext): PoolNode {
    if (context.roomOwnerId !== null) {
      const owner = nodes.find((n) => n.id === context.roomOwnerId);
      if (owner !== undefined) return owner;
    }
    return super.pick(nodes, context);
  }
}
