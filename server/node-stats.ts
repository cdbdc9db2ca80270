import type { ErrorCode } from '../shared/protocol/error-code';

/** The node's own counters: read by /healthz, /metrics and the tests. Plain numbers, no I/O. */
export class NodeStats {
  inputsAccepted = 0;
  inputsRejected = 0;
  readonly rejectsByCode = new Map<ErrorCode, number>();
  socketsCutOff = 0;
  snapshotsSent = 0;
  /** Snapshot payload bytes times the sockets each went to. */
  snapshotBytesSent = 0;
  joins = 0;
  resumes = 0;
  roomsCreated = 0;
  roomsClosed = 0;
  /** API requests refused for coming from an origin not on the CORS allow-list. */
  corsRefused = 0;
  /** Game connections refused because their address already held its share. */
  connectionsRefused = 0;
  /** Handshakes refused for another protocol version or wire format. */
  handshakesRefused = 0;
  /** Connections closed for never joining a room in time. */
  idleConnectionsClosed = 0;
  /** HTTP requests refused by the per-address rate limit. */
  httpRateLimited = 0;
  /** Recent HTTP requests (method, path, status, bytes) for the protocols lesson; a small ring. */
  readonly recentHttp: { method: string; path: string; status: number; bytes: number; atEpochMs: number }[] = [];
  httpRequests = 0;

  recordHttp(method: string, path: string, status: number, bytes: number): void {
    this.httpRequests++;
    this.recentHttp.push({ method, path, status, bytes, atEpochMs: Date.now() });
    if (this.recentHttp.length > 30) this.recentHttp.shift();
  }

  countReject(code: ErrorCode): void {
    this.inputsRejected++;
    this.rejectsByCode.set(code, (this.rejectsByCode.get(code) ?? 0) + 1);
  }
}
