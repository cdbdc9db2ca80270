import type { ChildProcess } from 'node:child_process';
import { NodeAction, NodeProcessState, type ControlledNode, type NodeActionResult, type NodeControl, type NodeExit } from '../balancer/node-control';
import type { Logger } from '../logger';
import type { ChildGroup } from './child-group';

/** A drained node hands its rooms over in well under a second; past this it is killed. */
export const DRAIN_TIMEOUT_MS = 15_000;
/** How long a kill's answer waits for the process to be gone. */
const KILL_WAIT_MS = 2000;
/** A (re)started node answers /healthz within this (tsx compiles on start: a few seconds). */
export const START_TIMEOUT_MS = 45_000;

/** Where routing is told a node is being drained (the balancer, once it runs). */
export interface NodeRouting {
  cordon(nodeId: string): void;
  uncordon(nodeId: string): void;
}

export interface NodeSupervisorOptions {
  /** Spawns the node process for `id` listening on `port` (the launcher knows the command and environment). */
  spawnNode(id: string, port: number): ChildProcess;
  children: ChildGroup;
  log: Logger;
  /** A free port, and whether a given one is free (a restart takes its old port back if it can). */
  freePort(): Promise<number>;
  isPortFree(port: number): Promise<boolean>;
  /** Resolves once the node at `url` answers /healthz, rejects after `timeoutMs`. */
  waitHealthy(url: string, timeoutMs: number): Promise<void>;
  /** @default DRAIN_TIMEOUT_MS */
  drainTimeoutMs?: number;
  /** @default START_TIMEOUT_MS */
  startTimeoutMs?: number;
}

interface Supervised {
  id: string;
  port: number;
  child: ChildProcess | null;
  state: NodeProcessState;
  lastExit: NodeExit;
  sinceEpochMs: number;
  /** Set just before the launcher ends the process itself, so its exit is not a crash. */
  ending: 'drain' | 'kill' | null;
  drainTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * The game node processes of `npm run cluster`, and the failover lesson's controls over them
 * (issue 12): drain (the balancer stops placing connections on the node, then SIGUSR2 makes it
 * hand its rooms over and exit), kill (SIGKILL: a crash, its leases lapse) and start (the same
 * id again; the new process takes back any rooms it still leases, RoomTakeover.reclaimOwnRooms).
 *
 *   up ──drain──▶ draining ──exit 0──▶ down (drained) ──start──▶ starting ──/healthz──▶ up
 *    └──kill (SIGKILL)──────────────▶ down (killed)
 */
export class NodeSupervisor implements NodeControl {
  private readonly nodes = new Map<string, Supervised>();
  private routing: NodeRouting | null = null;

  constructor(private readonly options: NodeSupervisorOptions) {}

  /** Spawns the nodes and waits until every one answers. */
  async launch(ids: readonly string[]): Promise<{ id: string; url: string }[]> {
    for (const id of ids) {
      const node: Supervised = { id, port: await this.options.freePort(), child: null, state: NodeProcessState.Starting, lastExit: null, sinceEpochMs: Date.now(), ending: null, drainTimer: null };
      this.nodes.set(id, node);
      this.spawn(node);
    }
    await Promise.all([...this.nodes.values()].map((n) => Promise.race([this.options.waitHealthy(urlOf(n), this.options.startTimeoutMs ?? START_TIMEOUT_MS), exitBeforeHealthy(n)]).then(() => this.becameUp(n))));
    return this.addresses();
  }

  /** The balancer, once it runs: drains cordon nodes there. */
  attachRouting(routing: NodeRouting): void {
    this.routing = routing;
  }

  addresses(): { id: string; url: string }[] {
    return [...this.nodes.values()].map((n) => ({ id: n.id, url: urlOf(n) }));
  }

  list(): ControlledNode[] {
    return [...this.nodes.values()].map((n) => ({ id: n.id, state: n.state, lastExit: n.lastExit, sinceEpochMs: n.sinceEpochMs }));
  }

  async act(id: string, action: NodeAction): Promise<NodeActionResult> {
    const node = this.nodes.get(id);
    if (node === undefined) return { ok: false, status: 404, code: 'NODE_NOT_FOUND', message: `There is no node "${id.slice(0, 64)}" in this cluster.` };
    switch (action) {
      case NodeAction.Drain:
        return this.drain(node);
      case NodeAction.Kill:
        return this.kill(node);
      case NodeAction.Start:
        return this.start(node);
    }
  }

  private drain(node: Supervised): NodeActionResult {
    if (node.state !== NodeProcessState.Up || node.child === null) return refused(409, 'NODE_NOT_UP', `${node.id} is ${node.state}: only a running node can be drained.`);
    const others = [...this.nodes.values()].filter((n) => n !== node && n.state === NodeProcessState.Up);
    if (others.length === 0) return refused(409, 'LAST_NODE', `${node.id} is the last running node: its players would have nowhere to go. Start another node first.`);
    // Routing first: the players it is about to send away must not be placed back on it.
    this.routing?.cordon(node.id);
    node.ending = 'drain';
    this.enter(node, NodeProcessState.Draining);
    node.child.kill('SIGUSR2');
    node.drainTimer = setTimeout(() => {
      if (node.state !== NodeProcessState.Draining || node.child === null) return;
      this.options.log.warn({ node: node.id, timeoutMs: this.options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS }, 'the node did not finish draining in time; killing it');
      node.ending = 'kill';
      node.child.kill('SIGKILL');
    }, this.options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
    node.drainTimer.unref();
    this.options.log.info({ node: node.id }, 'draining a node: its rooms move to the others');
    return { ok: true, node: this.describe(node) };
  }

  private async kill(node: Supervised): Promise<NodeActionResult> {
    const child = node.child;
    if (node.state === NodeProcessState.Down || child === null) return refused(409, 'NODE_DOWN', `${node.id} is not running.`);
    node.ending = 'kill';
    // SIGKILL is immediate; the answer waits for the exit so it can say "down".
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())]);
    this.options.log.info({ node: node.id }, 'killed a node (SIGKILL): its leases lapse and other nodes take its rooms over');
    return { ok: true, node: this.describe(node) };
  }

  private async start(node: Supervised): Promise<NodeActionResult> {
    if (node.state !== NodeProcessState.Down) return refused(409, 'NODE_RUNNING', `${node.id} is ${node.state}: stop it first.`);
    // The same address when it is still free, as a supervisor restarting a service would.
    if (!(await this.options.isPortFree(node.port))) node.port = await this.options.freePort();
    if (node.state !== NodeProcessState.Down) return refused(409, 'NODE_RUNNING', `${node.id} is already starting.`);
    this.enter(node, NodeProcessState.Starting);
    this.spawn(node);
    this.routing?.uncordon(node.id);
    const child = node.child;
    this.options.waitHealthy(urlOf(node), this.options.startTimeoutMs ?? START_TIMEOUT_MS).then(
      () => {
        if (node.child === child && node.state === NodeProcessState.Starting) this.becameUp(node);
      },
      (error: unknown) => {
        if (node.child !== child || node.state !== NodeProcessState.Starting) return;
        this.options.log.warn({ node: node.id, err: error instanceof Error ? error.message : String(error) }, 'a restarted node did not come up; stopping it');
        node.ending = 'kill';
        child?.kill('SIGKILL');
      },
    );
    this.options.log.info({ node: node.id, port: node.port }, 'starting a node again under its id');
    return { ok: true, node: this.describe(node) };
  }

  private spawn(node: Supervised): void {
    const child = this.options.spawnNode(node.id, node.port);
    node.child = child;
    node.ending = null;
    this.options.children.add(node.id, child, { onExit: (code, signal) => this.exited(node, child, code, signal) });
  }

  private exited(node: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (node.child !== child) return;
    if (node.drainTimer !== null) clearTimeout(node.drainTimer);
    node.drainTimer = null;
    const how: NodeExit = node.ending === 'drain' && code === 0 ? 'drained' : node.ending !== null ? 'killed' : 'crashed';
    if (how === 'crashed') this.options.log.warn({ node: node.id, code, signal }, 'a node exited unexpectedly; the balancer routes around it');
    node.child = null;
    node.ending = null;
    node.lastExit = how;
    this.enter(node, NodeProcessState.Down);
  }

  private becameUp(node: Supervised): void {
    this.enter(node, NodeProcessState.Up);
  }

  private enter(node: Supervised, state: NodeProcessState): void {
    node.state = state;
    node.sinceEpochMs = Date.now();
  }

  private describe(node: Supervised): ControlledNode {
    return { id: node.id, state: node.state, lastExit: node.lastExit, sinceEpochMs: node.sinceEpochMs };
  }
}

/** Rejects if the node's process exits before it answers: a launch that crashed fails at once, not after the start timeout. */
function exitBeforeHealthy(node: Supervised): Promise<never> {
  return new Promise((_resolve, reject) => {
    node.child?.once('exit', (code, signal) => reject(new Error(`${node.id} exited (${signal ?? `code ${code}`}) before it answered /healthz: its output is above`)));
  });
}

function urlOf(node: Supervised): string {
  return `http://127.0.0.1:${node.port}`;
}

function refused(status: number, code: string, message: string): NodeActionResult {
  return { ok: false, status, code, message };
}
