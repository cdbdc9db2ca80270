import { randomBytes } from 'node:crypto';

/**
 * Who holds a lease or carries a seat: a node id AND the process incarnation under it. A node
 * restarted under the same id (what a supervisor does after a crash) is a new incarnation, so
 * the cluster can tell its leases and seats from the dead process's (issue #13: with ids alone,
 * a node that came straight back looked like the owner that died, and its rooms never ticked
 * again).
 */
export interface NodeIdentity {
  readonly nodeId: string;
  readonly incarnation: string;
  readonly startedAtEpochMs: number;
}

export function newIdentity(nodeId: string): NodeIdentity {
  return { nodeId, incarnation: randomBytes(6).toString('hex'), startedAtEpochMs: Date.now() };
}

/** A lease's value: `nodeId@incarnation` (node ids never contain '@'). */
export function holderOf(identity: { nodeId: string; incarnation: string }): string {
  return `${identity.nodeId}@${identity.incarnation}`;
}

/** Parses a lease value; a bare node id (a lease written without an incarnation) has ''. */
export function parseHolder(value: string): { nodeId: string; incarnation: string } {
  const at = value.indexOf('@');
  return at < 0 ? { nodeId: value, incarnation: '' } : { nodeId: value.slice(0, at), incarnation: value.slice(at + 1) };
}
