/**
 * What a GameConnection is made with (GameConnectionOptions): where to connect, how (transport,
 * parser, source address), whether to reconnect, the RTT ping rate and clock, and where
 * snapshots are decoded. Defaults are in the JSDoc and applied by the connection's parts.
 */
import type { WireParserKind } from '../../shared/protocol/wire-parser-kind';
import type { SnapshotReplicaFactory } from './snapshot-replica';

export interface GameConnectionOptions {
  /** Server (or balancer) base URL, e.g. http://localhost:3000. */
  url: string;
  /** @default ['websocket'] */
  transports?: ('websocket' | 'polling')[];
  /** Reconnect and resume the session after a drop. @default true */
  reconnect?: boolean;
  /** Milliseconds between RTT pings. @default 1000 */
  pingIntervalMs?: number;
  /** Clock for RTT and echo timing. @default performance.now */
  nowMs?: () => number;
  /** Extra engine options (Node only), e.g. { localAddress } to pick the source address. */
  extraOptions?: Record<string, unknown>;
  /** socket.io parser; must match the server's WIRE_PARSER. @default 'custom' */
  wireParser?: WireParserKind;
  /** The browser's random id, sent with joins by code (JoinRequest.device). @default none */
  deviceId?: string;
  /**
   * Makes the replica each welcome's snapshots go to (bots share one decode per room).
   * @default a SnapshotDecoder of the connection's own
   */
  replicaFor?: SnapshotReplicaFactory;
}
