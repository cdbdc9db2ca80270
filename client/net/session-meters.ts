/**
 * The rates a GameSession shows in the inspector: snapshots and server ticks received per
 * second, and bytes per second each way (from the connection's running byte counts), each a
 * sliding one-second RateMeter rolled once per display frame.
 */
import type { ReplicaState } from '../../shared/protocol/replica-state';
import { RateMeter } from './rate-meter';

export class SessionMeters {
  readonly snapshotRate = new RateMeter();
  readonly tickRate = new RateMeter();
  readonly bytesInRate = new RateMeter();
  readonly bytesOutRate = new RateMeter();
  private lastTick = -1;
  private lastBytesIn = 0;
  private lastBytesOut = 0;

  /** A welcome: the next snapshot's tick starts a new run (a resume may restart the ticks). */
  restartTicks(): void {
    this.lastTick = -1;
  }

  /** A snapshot arrived: one more snapshot, and the ticks it moved on by. */
  snapshot(state: ReplicaState, nowMs: number): void {
    this.snapshotRate.add(1, nowMs);
    if (this.lastTick >= 0 && state.tick > this.lastTick) this.tickRate.add(state.tick - this.lastTick, nowMs);
    this.lastTick = state.tick;
  }

  /** Once per display frame: the bytes since the last frame, and the windows moved on. */
  roll(nowMs: number, bytesIn: number, bytesOut: number): void {
    this.bytesInRate.add(bytesIn - this.lastBytesIn, nowMs);
    this.bytesOutRate.add(bytesOut - this.lastBytesOut, nowMs);
    this.lastBytesIn = bytesIn;
    this.lastBytesOut = bytesOut;
    this.snapshotRate.roll(nowMs);
    this.tickRate.roll(nowMs);
  }
}
