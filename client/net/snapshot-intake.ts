/**
 * Where a GameConnection's snapshots go: a fresh replica per welcome, binary Snapshot and
 * Keyframe messages (or JSON-baseline states) applied to it, the counts of what arrived and
 * what failed, and a keyframe request when the stream is out of step or the keyframe after a
 * welcome never came.
 */
import type { Socket } from 'socket.io-client';
import { ControlEvent, type WelcomeMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { SnapshotDecoder } from '../../shared/protocol/snapshot-decoder';
import type { SnapshotReplica, SnapshotReplicaFactory } from './snapshot-replica';

/** Without a keyframe this long after a welcome, ask for one. */
const KEYFRAME_WAIT_MS = 1000;
const RESYNC_MIN_INTERVAL_MS = 2500;

export interface SnapshotIntakeDeps {
  socket: Socket;
  nowMs: () => number;
  /** @default a SnapshotDecoder of the connection's own */
  replicaFor?: SnapshotReplicaFactory;
  /** A snapshot was applied (keyframe: a complete state). */
  onApplied: (keyframe: boolean) => void;
}

export class SnapshotIntake {
  /** The replica of the current welcome; null before the first. */
  replica: SnapshotReplica | null = null;
  snapshotsReceived = 0;
  keyframesReceived = 0;
  decodeErrors = 0;
  /** Keyframe requests sent (join through another node, or a stream out of step). */
  resyncsRequested = 0;
  private lastResyncMs = Number.NEGATIVE_INFINITY;
  private keyframeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: SnapshotIntakeDeps) {}

  /** A welcome (join or resume): a fresh replica, since the keyframe that follows is the new baseline. */
  welcome(welcome: WelcomeMessage): void {
    const replica = this.deps.replicaFor?.(welcome) ?? new SnapshotDecoder(welcome.maxPlayers, welcome.houseCount);
    this.replica = replica;
    // Through another node than the room's owner, the keyframe comes with the room's next
    // broadcast; if it got lost on the way (a subscription race), ask for another.
    this.stop();
    this.keyframeTimer = setTimeout(() => {
      this.keyframeTimer = null;
      if (this.replica === replica && !replica.synced && welcome.snapshotCodec !== 'json') this.requestResync();
    }, KEYFRAME_WAIT_MS);
  }

  /** A binary Snapshot or Keyframe message. */
  apply(bytes: Uint8Array): void {
    if (this.replica === null) return;
    const result = this.replica.apply(bytes);
    if (!result.ok) {
      // Deltas before the first keyframe are expected after a join through another node.
      if (result.code === ErrorCode.PROTO_NO_KEYFRAME) return;
      this.decodeErrors++;
      this.requestResync();
      return;
    }
    this.snapshotsReceived++;
    if (result.keyframe) this.keyframesReceived++;
    this.deps.onApplied(result.keyframe);
  }

  /** SNAPSHOT_CODEC=json: the whole state as JSON, written into the same replica. */
  applyJson(json: unknown): void {
    if (this.replica === null) return;
    // The JSON codec's replica is always the connection's own decoder (SnapshotReplicaFactory),
    // which then counts as synced, as after a keyframe; a shared one cannot take JSON.
    if (!(this.replica instanceof SnapshotDecoder) || !this.replica.applyJson(json)) {
      this.decodeErrors++;
      return;
    }
    this.snapshotsReceived++;
    // Every JSON state is complete, like a keyframe.
    this.keyframesReceived++;
    this.deps.onApplied(true);
  }

  /** Stops waiting for the welcome's keyframe (the connection closes, or a new welcome came). */
  stop(): void {
    if (this.keyframeTimer !== null) clearTimeout(this.keyframeTimer);
    this.keyframeTimer = null;
  }

  /** Asks for a keyframe when the snapshot stream is out of step (at most every few seconds). */
  private requestResync(): void {
    const now = this.deps.nowMs();
    if (!this.deps.socket.connected || now - this.lastResyncMs < RESYNC_MIN_INTERVAL_MS) return;
    this.lastResyncMs = now;
    this.resyncsRequested++;
    this.deps.socket.emit(ControlEvent.Resync);
  }
}
