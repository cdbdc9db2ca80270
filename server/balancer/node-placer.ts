/**
 * Where the balancer sends a request: the node that issued its engine.io session (by sid, or
 * the node cookie), else the pick of the balancing strategy in force among the nodes in
 * rotation (with the room's owner, for room affinity). NodePlacer also holds which strategy
 * is in force, since the placement is all it changes.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger';
import { clientAddress } from '../security/client-address';
import type { ConnectionTracker } from './connection-tracker';
import type { NodePool } from './node-pool';
import type { PollingSessions } from './polling-sessions';
import type { RoomOwnerCache } from './room-owner-cache';
import type { RouteHints } from './route-hints';
import { createStrategy, type StrategyDeps } from './strategies/create-strategy';
import { StrategyName, type BalancingStrategy, type PoolNode } from './strategies/strategy';

export interface Placement {
  node: PoolNode;
  clientIp: string;
}

export interface NodePlacerDeps {
  pool: NodePool;
  tracker: ConnectionTracker;
  sessions: PollingSessions;
  /** Room owners, for room affinity; null without a room directory. */
  ownerCache: RoomOwnerCache | null;
  /** Peers whose X-Forwarded-For is believed, normalized. */
  trustedProxies: ReadonlySet<string>;
  log: Logger;
  /** @default StrategyName.IpHash */
  strategy?: StrategyName;
}

export class NodePlacer {
  private strategy: BalancingStrategy;
  private readonly strategyDeps: StrategyDeps;

  constructor(private readonly deps: NodePlacerDeps) {
    this.strategyDeps = { openConnectionsOf: (id: string) => deps.tracker.openCount(id) };
    this.strategy = createStrategy(deps.strategy ?? StrategyName.IpHash, this.strategyDeps);
  }

  get strategyName(): StrategyName {
    return this.strategy.name;
  }

  setStrategy(name: StrategyName): void {
    if (name === this.strategy.name) return;
    this.deps.log.info({ from: this.strategy.name, to: name }, 'balancing strategy switched');
    this.strategy = createStrategy(name, this.strategyDeps);
  }

  /** The node for this request, or null when no node is in rotation. */
  async place(req: IncomingMessage, hints: RouteHints): Promise<Placement | null> {
    const { pool, sessions, ownerCache } = this.deps;
    const clientIp = clientAddress(req, this.deps.trustedProxies);
    if (hints.sid !== null) {
      // A request inside an engine.io session must reach the node that issued the sid.
      const sessionNodeId = sessions.touch(hints.sid);
      const stickyId = sessionNodeId ?? hints.cookieNodeId;
      const sticky = stickyId === null ? undefined : pool.get(stickyId);
      if (sticky !== undefined) return { node: sticky, clientIp };
      // The node is gone: the session died with it; the new node will answer "unknown sid"
      // and the client starts a fresh handshake (placed by the strategy).
      if (sessionNodeId !== undefined) sessions.forget(hints.sid);
    }
    let roomOwnerId: string | null = null;
    if (this.strategy.name === StrategyName.RoomAffinity && hints.roomCode !== null && ownerCache !== null) {
      roomOwnerId = await ownerCache.ownerOf(hints.roomCode);
    }
    const nodes = pool.inRotation();
    if (nodes.length === 0) return null;
    return { node: this.strategy.pick(nodes, { clientIp, roomOwnerId }), clientIp };
  }
}
