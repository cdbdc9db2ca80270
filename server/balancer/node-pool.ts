import type { NodeInfo, NodeRegistry } from '../cluster/node-registry';
import type { Logger } from '../logger';
import { probeHealth, type HealthProbe } from './health-checker';
import type { PoolNode } from './strategies/strategy';

export interface NodePoolOptions {
  registry: NodeRegistry;
  log: Logger;
  /** How often the registry is read and every listed node probed. @default 500 */
  pollIntervalMs?: number;
  /** A probe slower than this counts as failed (generous: a busy node is not a dead one). @default 1000 */
  healthTimeoutMs?: number;
  /** Failed probes in a row that take a node out of rotation. @default 2 */
  failuresToEject?: number;
  probe?: HealthProbe;
}

/** What the balancer knows about one registered node. */
export interface NodeHealth {
  id: string;
  url: string;
  players: number;
  rooms: number;
  /** Probes failed in a row (0 after any success). */
  consecutiveFailures: number;
  /** Passed at least one probe since it appeared: a node is not sent traffic before that. */
  everHealthy: boolean;
  inRotation: boolean;
  /** Taken out of rotation on purpose (a drain): no new connections, its sessions stay. */
  cordoned: boolean;
  lastProbeAtEpochMs: number;
}

/**
 * The live set of nodes: service discovery (the registry) crossed with the balancer's own health
 * probes. A node is in rotation once it answered a probe, and out as soon as it misses
 * `failuresToEject` probes in a row or drops out of the registry:
 *
 *   t=0      node dies
 *   t<=500   probe 1 fails (connection refused is instant; a hang costs healthTimeoutMs)
 *   t<=1000  probe 2 fails -> out of rotation (a hung node: about 3 s); new connections go to the others
 *   t<=3000  its heartbeat lapses (NODE_TTL_MS) -> gone from the registry too
 */
export class NodePool {
  private readonly nodes = new Map<string, NodeHealth>();
  /** Healthy nodes: where a session's requests may still go. */
  private healthy: PoolNode[] = [];
  /** Healthy and not cordoned: where new connections are placed. */
  private rotation: PoolNode[] = [];
  private readonly cordoned = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private firstPoll: Promise<void> | null = null;
  private readonly pollIntervalMs: number;
  private readonly healthTimeoutMs: number;
  private readonly failuresToEject: number;
  private readonly probe: HealthProbe;
  private readonly urgent = new Set<string>();

  constructor(private readonly options: NodePoolOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 1000;
    this.failuresToEject = options.failuresToEject ?? 2;
    this.probe = options.probe ?? probeHealth;
  }

  /** Starts polling; resolves after the first registry read and probe round. */
  start(): Promise<void> {
    this.firstPoll ??= this.poll();
    return this.firstPoll;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Nodes that may take traffic, sorted by id (the array is replaced, never mutated). */
  inRotation(): readonly PoolNode[] {
    return this.rotation;
  }

  /** A healthy node by id, cordoned or not: an engine.io session stays with the node that holds it. */
  get(nodeId: string): PoolNode | undefined {
    return this.healthy.find((n) => n.id === nodeId);
  }

  /**
   * Stops (true) or resumes (false) placing new connections on a node, at once: a drain cordons
   * the node before telling its players to reconnect, so none of them comes back to it.
   */
  setCordoned(nodeId: string, cordoned: boolean): void {
    if (cordoned === this.cordoned.has(nodeId)) return;
    if (cordoned) this.cordoned.add(nodeId);
    else this.cordoned.delete(nodeId);
    this.options.log.info({ nodeId }, cordoned ? 'node cordoned: no new connections' : 'node uncordoned');
    this.rebuildRotation();
  }

  snapshot(): NodeHealth[] {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }

  /**
   * A proxied request could not reach the node: probe it again now rather than at the next
   * round, so a crash is noticed in about one probe instead of two intervals.
   */
  reportUnreachable(nodeId: string): void {
    if (this.stopped || this.urgent.has(nodeId)) return;
    const node = this.nodes.get(nodeId);
    if (node === undefined) return;
    this.urgent.add(nodeId);
    void this.probeOne(node).finally(() => {
      this.urgent.delete(nodeId);
      this.rebuildRotation();
    });
  }

  private async poll(): Promise<void> {
    try {
      let listed: NodeInfo[] | null = null;
      try {
        listed = await this.options.registry.list();
      } catch (error) {
        // Registry (Redis) unreachable: keep the nodes we know and keep probing them.
        this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'node registry unreachable');
      }
      if (listed !== null) this.merge(listed);
      await Promise.all([...this.nodes.values()].map((n) => this.probeOne(n)));
      this.rebuildRotation();
    } finally {
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.poll(), this.pollIntervalMs);
        this.timer.unref();
      }
    }
  }

  private merge(listed: NodeInfo[]): void {
    const seen = new Set<string>();
    for (const info of listed) {
      seen.add(info.id);
      const known = this.nodes.get(info.id);
      if (known === undefined || known.url !== info.url) {
        this.nodes.set(info.id, {
          id: info.id,
          url: info.url,
          players: info.players,
          rooms: info.rooms,
          consecutiveFailures: 0,
          everHealthy: false,
          inRotation: false,
          cordoned: false,
          lastProbeAtEpochMs: 0,
        });
      } else {
        known.players = info.players;
        known.rooms = info.rooms;
      }
    }
    for (const id of [...this.nodes.keys()]) {
      if (!seen.has(id)) {
        this.nodes.delete(id);
        this.options.log.info({ nodeId: id }, 'node left the registry');
      }
    }
  }

  private async probeOne(node: NodeHealth): Promise<void> {
    const ok = await this.probe(node.url, this.healthTimeoutMs);
    node.lastProbeAtEpochMs = Date.now();
    if (ok) {
      node.consecutiveFailures = 0;
      node.everHealthy = true;
    } else {
      node.consecutiveFailures++;
    }
  }

  private rebuildRotation(): void {
    const healthy: PoolNode[] = [];
    for (const node of this.nodes.values()) {
      const inRotation = node.everHealthy && node.consecutiveFailures < this.failuresToEject;
      if (inRotation !== node.inRotation) {
        this.options.log.info({ nodeId: node.id, url: node.url, failures: node.consecutiveFailures }, inRotation ? 'node in rotation' : 'node out of rotation');
      }
      node.inRotation = inRotation;
      node.cordoned = this.cordoned.has(node.id);
      if (inRotation) healthy.push({ id: node.id, url: node.url, players: node.players });
    }
    healthy.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.healthy = healthy;
    this.rotation = this.cordoned.size === 0 ? healthy : healthy.filter((n) => !this.cordoned.has(n.id));
  }
}
