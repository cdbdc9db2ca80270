/** The balancing strategies, as an `as const` map with a same-name type. */
export const StrategyName = {
  RoundRobin: 'round-robin',
  LeastConnections: 'least-connections',
  IpHash: 'ip-hash',
  RoomAffinity: 'room-affinity',
} as const;
export type StrategyName = (typeof StrategyName)[keyof typeof StrategyName];

export const STRATEGY_NAMES: readonly StrategyName[] = Object.values(StrategyName);

export function isStrategyName(value: unknown): value is StrategyName {
  return typeof value === 'string' && (STRATEGY_NAMES as readonly string[]).includes(value);
}

/** A node in rotation, as a strategy sees it. */
export interface PoolNode {
  readonly id: string;
  readonly url: string;
  /** Players the node reported in its last heartbeat. */
  readonly players: number;
}

/** What a strategy may know about the request it places. */
export interface PickContext {
  clientIp: string;
  /** Node owning the room the request names (room-affinity only resolves it); null if none. */
  roomOwnerId: string | null;
}

/** Chooses one node for a new connection or request. `nodes` is non-empty and sorted by id. */
export interface BalancingStrategy {
  readonly name: StrategyName;
  pick(nodes: readonly PoolNode[], context: PickContext): PoolNode;
}
