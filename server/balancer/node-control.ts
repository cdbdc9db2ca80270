/**
 * The failover lesson's controls (issue 12): drain, kill and start the game node processes of
 * the demo cluster. Only the process that owns the nodes can offer this (`npm run cluster`'s
 * launcher, server/launcher/node-supervisor.ts); the balancer serves it at /balancer/nodes when
 * given one, and has no such routes otherwise (a standalone balancer, a production cluster).
 */
export const NodeAction = {
  /** Graceful: the node hands its rooms over and its players move, then it exits. */
  Drain: 'drain',
  /** SIGKILL, as a crash: its leases lapse and other nodes take its rooms over. */
  Kill: 'kill',
  /** Spawns a stopped node again under the same id. */
  Start: 'start',
} as const;
export type NodeAction = (typeof NodeAction)[keyof typeof NodeAction];

export function isNodeAction(value: unknown): value is NodeAction {
  return value === NodeAction.Drain || value === NodeAction.Kill || value === NodeAction.Start;
}

/** A node process's life: starting -> up -> (draining ->) down -> starting ... */
export const NodeProcessState = {
  Starting: 'starting',
  Up: 'up',
  Draining: 'draining',
  Down: 'down',
} as const;
export type NodeProcessState = (typeof NodeProcessState)[keyof typeof NodeProcessState];

/** How the last process under the id ended (null: it has not ended yet). */
export type NodeExit = 'drained' | 'killed' | 'crashed' | null;

export interface ControlledNode {
  id: string;
  state: NodeProcessState;
  /** How the previous process ended, once one has. */
  lastExit: NodeExit;
  /** When the node entered `state`. */
  sinceEpochMs: number;
}

export type NodeActionResult = { ok: true; node: ControlledNode } | { ok: false; status: number; code: string; message: string };

export interface NodeControl {
  list(): ControlledNode[];
  /** Starts the action (drain and start take a few seconds: poll list() to follow them). */
  act(id: string, action: NodeAction): Promise<NodeActionResult>;
}
