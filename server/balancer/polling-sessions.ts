import type { ConnectionLease } from './connection-tracker';

interface Session {
  nodeId: string;
  lease: ConnectionLease;
  lastSeenMs: number;
  webSocketOpen: boolean;
}

export interface PollingSessionsOptions {
  /**
   * A polling client always has a GET waiting or sends one within the node's pingInterval
   * (10 s), so a session silent for longer than this is gone (a polling client that left
   * without its close packet reaching us). @default 25000
   */
  idleMs?: number;
  /** Bound on remembered sessions, so a flood of handshakes cannot grow memory without end. @default 100000 */
  maxSessions?: number;
  nowMs?: () => number;
}

/**
 * engine.io session id -> the node that issued it. Long-polling is several HTTP requests
 * (GET to wait, POST to send) and only the node that made the handshake knows the sid, so
 * with round-robin or least-connections each of those requests must be pinned to it. The
 * WebSocket upgrade of a polling session carries the same sid and is pinned the same way.
 */
export class PollingSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxSessions: number;
  private readonly nowMs: () => number;

  constructor(options: PollingSessionsOptions = {}) {
    this.idleMs = options.idleMs ?? 25_000;
    this.maxSessions = options.maxSessions ?? 100_000;
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  get size(): number {
    return this.sessions.size;
  }

  remember(sid: string, lease: ConnectionLease): void {
    if (this.sessions.size >= this.maxSessions) this.expireOldest();
    this.sessions.get(sid)?.lease.close();
    this.sessions.set(sid, { nodeId: lease.nodeId, lease, lastSeenMs: this.nowMs(), webSocketOpen: false });
  }

  /** The node holding `sid` (and marks the session alive), or undefined. */
  touch(sid: string): string | undefined {
    const session = this.sessions.get(sid);
    if (session === undefined) return undefined;
    session.lastSeenMs = this.nowMs();
    return session.nodeId;
  }

  /**
   * The session is upgrading to a WebSocket: while that socket is open the session is not
   * swept as idle (no polling requests come any more). It stays mapped, because polling
   * requests still in flight during the upgrade probe must reach the same node. Returns the
   * session's lease (its one counted connection), or undefined if the sid is unknown.
   */
  bindWebSocket(sid: string): ConnectionLease | undefined {
    const session = this.sessions.get(sid);
    if (session === undefined) return undefined;
    session.webSocketOpen = true;
    return session.lease;
  }

  /** The WebSocket of a session closed before it carried the session: polling goes on. */
  unbindWebSocket(sid: string): void {
    const session = this.sessions.get(sid);
    if (session === undefined) return;
    session.webSocketOpen = false;
    session.lastSeenMs = this.nowMs();
  }

  /** Forgets one session (its node left rotation); its connection is no longer counted. */
  forget(sid: string): void {
    this.sessions.get(sid)?.lease.close();
    this.sessions.delete(sid);
  }

  /** Drops sessions idle longer than idleMs (their connection is no longer counted). */
  sweep(): number {
    const cutoff = this.nowMs() - this.idleMs;
    let dropped = 0;
    for (const [sid, session] of this.sessions) {
      if (!session.webSocketOpen && session.lastSeenMs < cutoff) {
        session.lease.close();
        this.sessions.delete(sid);
        dropped++;
      }
    }
    return dropped;
  }

  /** Forgets every session of a node that left rotation: its sids mean nothing elsewhere. */
  dropNode(nodeId: string): void {
    for (const [sid, session] of this.sessions) {
      if (session.nodeId === nodeId) {
        session.lease.close();
        this.sessions.delete(sid);
      }
    }
  }

  clear(): void {
    for (const session of this.sessions.values()) session.lease.close();
    this.sessions.clear();
  }

  private expireOldest(): void {
    // Map iteration is insertion order: the first entry is the oldest handshake.
    const first = this.sessions.entries().next();
    if (first.done === true) return;
    first.value[1].lease.close();
    this.sessions.delete(first.value[0]);
  }
}
