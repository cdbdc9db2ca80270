import { IpHashStrategy } from './ip-hash';
import { LeastConnectionsStrategy } from './least-connections';
import { RoomAffinityStrategy } from './room-affinity';
import { RoundRobinStrategy } from './round-robin';
import { StrategyName, type BalancingStrategy } from './strategy';

export interface StrategyDeps {
  openConnectionsOf: (nodeId: string) => number;
}

export function createStrategy(name: StrategyName, deps: StrategyDeps): BalancingStrategy {
  switch (name) {
    case StrategyName.RoundRobin:
      return new RoundRobinStrategy();
    case StrategyName.LeastConnections:
      return new LeastConnectionsStrategy(deps.openConnectionsOf);
    case StrategyName.IpHash:
      return new IpHashStrategy();
    case StrategyName.RoomAffinity:
      return new RoomAffinityStrategy();
  }
}
