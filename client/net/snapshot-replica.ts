import type { WelcomeMessage } from '../../shared/protocol/control-messages';
import type { ReplicaState } from '../../shared/protocol/replica-state';
import type { ApplyResult } from '../../shared/protocol/snapshot-decoder';

/**
 * Where a connection applies the binary snapshots it receives, and reads the room from.
 * A SnapshotDecoder of its own is the default (the browser); a crowd of bots in one process
 * sharing one decode per room and tick is the other implementation (bots/shared-replicas.ts).
 */
export interface SnapshotReplica {
  /** The replica as of the last applied snapshot. May be another object after each apply. */
  readonly state: ReplicaState;
  /** True once a keyframe has been applied. */
  readonly synced: boolean;
  apply(bytes: Uint8Array): ApplyResult;
}

/**
 * Makes the replica for a welcome (called on every welcome, resumes included). With the JSON
 * baseline codec the connection writes each state into `state` itself, so the replica must
 * then be the connection's own.
 */
export type SnapshotReplicaFactory = (welcome: WelcomeMessage) => SnapshotReplica;
