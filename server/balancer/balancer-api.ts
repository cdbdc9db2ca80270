import type { NodeRegistry } from '../cluster/node-registry';
import type { RoomDirectory } from '../cluster/room-directory';
import type { Logger } from '../logger';
import type { AuthTokens } from '../security/auth-tokens';
import type { NodeConnections } from './connection-tracker';
import type { NodeControl } from './node-control';
import type { NodeHealth } from './node-pool';
import type { StrategyName } from './strategies/strategy';

/** The balancer's options, its status report and its handle: what startBalancer promises. */

export interface BalancerOptions {
  /** Where nodes are discovered (MemoryNodeRegistry in tests, RedisNodeRegistry in a cluster). */
  registry: NodeRegistry;
  /** Room owners, for room-affinity; without it room-affinity behaves as ip-hash. */
  roomDirectory?: RoomDirectory | null;
  /** @default 'ip-hash' */
  strategy?: StrategyName;
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Peers whose X-Forwarded-For is believed (e.g. a TLS terminator in front). @default none */
  trustedProxies?: Iterable<string>;
  /** An operator's bearer token for POST /balancer/strategy. */
  adminToken?: string;
  /** Verifies teacher tokens, so a classroom's teacher may switch the strategy (the cluster's JWT_SECRET). */
  teacherTokens?: AuthTokens;
  /**
   * Drain, kill and start of the node processes, at /balancer/nodes (the failover lesson). Only
   * a launcher that owns the processes has one; without it those routes do not exist.
   */
  nodeControl?: NodeControl;
  log?: Logger;
  /** @default 500 */
  pollIntervalMs?: number;
  /** @default 1000 */
  healthTimeoutMs?: number;
  /** @default 2 */
  failuresToEject?: number;
  /** How long a room's owner is cached. @default 1000 */
  roomOwnerTtlMs?: number;
  /** @default 30000 */
  pollingSessionIdleMs?: number;
}

export interface BalancerNodeStatus extends NodeHealth {
  connections: NodeConnections;
  requests: number;
}

export interface BalancerStatus {
  strategy: StrategyName;
  strategies: readonly StrategyName[];
  nodes: BalancerNodeStatus[];
  openConnections: number;
  pollingSessions: number;
  /** Whether /balancer/nodes exists here (the console shows the failover controls only then). */
  nodeControl: boolean;
}

export interface Balancer {
  readonly url: string;
  readonly port: number;
  readonly strategy: StrategyName;
  setStrategy(name: StrategyName): void;
  /** No new connections go to the node (a drain, before its players are told to move). */
  cordon(nodeId: string): void;
  uncordon(nodeId: string): void;
  status(): Promise<BalancerStatus>;
  stop(): Promise<void>;
}
