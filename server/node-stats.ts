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

  countReject(code: ErrorCode): void {
    this.inputsRejected++;
    this.rejectsByCode.set(code, (this.rejectsByCode.get(code) ?? 0) + 1);
  }
}
