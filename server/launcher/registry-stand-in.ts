import type { NodeRegistry } from '../cluster/node-registry';
import type { Logger } from '../logger';

export interface LaunchedNode {
  id: string;
  url: string;
}

/**
 * Heartbeats for game nodes that do not register themselves (a build without cluster mode),
 * with the numbers their /healthz reports, so the balancer can find them all the same. Nodes
 * that do register are left alone. A node that stops answering /healthz is not heartbeated
 * and so expires from the registry like a crashed cluster node would.
 */
export class RegistryStandIn {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly startedAtEpochMs = Date.now();

  constructor(
    private readonly registry: NodeRegistry,
    private readonly nodes: LaunchedNode[],
    private readonly log: Logger,
  ) {}

  /** Waits `graceMs` for the nodes to register; starts heartbeating for the ones that did not. */
  async start(graceMs = 2000, intervalMs = 1000): Promise<string[]> {
    const deadline = Date.now() + graceMs;
    let missing = this.nodes;
    for (;;) {
      const listed = new Set((await this.registry.list().catch(() => [])).map((n) => n.id));
      missing = this.nodes.filter((n) => !listed.has(n.id));
      if (missing.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (missing.length === 0) return [];
    this.log.warn({ nodes: missing.map((n) => n.id) }, 'these nodes do not register themselves (no cluster mode yet): the launcher heartbeats for them');
    const beat = () => Promise.all(missing.map((n) => this.beatFor(n)));
    await beat();
    this.timer = setInterval(() => void beat(), intervalMs);
    this.timer.unref();
    return missing.map((n) => n.id);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async beatFor(node: LaunchedNode): Promise<void> {
    try {
      const response = await fetch(new URL('/healthz', node.url), { signal: AbortSignal.timeout(800) });
      if (!response.ok) return;
      const health = (await response.json()) as { rooms?: unknown; players?: unknown };
      await this.registry.heartbeat({
        id: node.id,
        url: node.url,
        rooms: Number(health.rooms) || 0,
        players: Number(health.players) || 0,
        load: 0,
        startedAtEpochMs: this.startedAtEpochMs,
      });
    } catch {
      // Not answering: no heartbeat, so the registry lets it expire.
    }
  }
}
