/** Kind of an outgoing binary message, so a transit can treat inputs and pings apart. */
export type OutgoingKind = 'input' | 'ping';

/**
 * A hook between GameConnection and its socket for binary messages, both ways. Null on the
 * connection means direct; the lag simulator is the one implementation (lessons and tests).
 * A transit must keep each direction in order: snapshots are deltas that chain.
 */
export interface MessageTransit {
  outgoing(kind: OutgoingKind, bytes: Uint8Array, send: (bytes: Uint8Array) => void): void;
  incoming(bytes: Uint8Array, deliver: (bytes: Uint8Array) => void): void;
  /** Drops whatever is in flight (the connection went away; its messages went with it). */
  reset(): void;
}
