/**
 * SnapshotEncoder: one room's Snapshot and Keyframe messages, the frame around the players —
 * message code, tick, world header and orders — and the baseline they are encoded against.
 * The player slots are PlayerDeltaWriter's (player-delta-writer.ts); what the encoder reads
 * of a world and its checks are snapshot-source.ts's.
 */
import { Arena } from '../sim/arena';
import { BitWriter } from './bit-writer';
import { bitsFor } from './int-bits';
import { createMotionMemory, motionMemoryBytes } from './motion-memory';
import { MsgCode } from './msg-code';
import { writeChangedOrders, writeOrderEntry } from './order-entries';
import { PlayerDeltaWriter } from './player-delta-writer';
import { createReplicaState, replicaStateBytes, type ReplicaState } from './replica-state';
import { PHASE_BITS } from './snapshot-format';
import { checkSnapshotSource, type SnapshotSource } from './snapshot-source';

// Importers take the world shape from here, next to the encoder that reads it.
export type { SnapshotSource } from './snapshot-source';

/**
 * Encodes one room's snapshots: a delta against the baseline (what the previous encode sent)
 * or a keyframe. One encoder per room; each encode's bytes go to every socket of the room.
 * Steady state allocates nothing: the baseline and prediction memory are typed arrays made
 * here, and the writer's buffer only grows while the room grows. Layout: PROTOCOL.md.
 */
export class SnapshotEncoder {
  readonly maxPlayers: number;
  readonly houseCount: number;
  private readonly base: ReplicaState;
  private readonly writer: BitWriter;
  private readonly houseBits: number;
  private readonly players: PlayerDeltaWriter;

  constructor(maxPlayers: number, houseCount: number) {
    if (!Number.isInteger(maxPlayers) || maxPlayers < 1) throw new RangeError(`maxPlayers must be >= 1: ${maxPlayers}`);
    if (!Number.isInteger(houseCount) || houseCount < 0) throw new RangeError(`houseCount must be >= 0: ${houseCount}`);
    // Baseline and prediction memory share one buffer, so an encode touches a few adjacent
    // cache lines per room instead of scattered arrays (issue #3).
    const arena = new Arena(motionMemoryBytes(maxPlayers) + replicaStateBytes(maxPlayers, houseCount));
    const mem = createMotionMemory(maxPlayers, arena);
    this.base = createReplicaState(maxPlayers, houseCount, arena);
    this.maxPlayers = maxPlayers;
    this.houseCount = houseCount;
    this.writer = new BitWriter(64 + maxPlayers * 8);
    this.houseBits = bitsFor(houseCount - 1);
    this.players = new PlayerDeltaWriter(maxPlayers, this.base, mem, this.writer);
  }

  /** Current buffer size, for tests and metrics. */
  get bufferBytes(): number {
    return this.writer.capacityBytes;
  }

  /**
   * Delta vs the baseline, then the world becomes the baseline. The tick must advance (the
   * first call needs world.tick >= 1; the empty initial baseline is at tick 0). Returns a view
   * into the internal buffer, valid until the next encode call.
   */
  encodeDelta(world: SnapshotSource): Uint8Array {
    checkSnapshotSource(world, this.maxPlayers, this.houseCount);
    if (world.tick <= this.base.tick) {
      throw new RangeError(`delta must advance the tick: ${world.tick} after ${this.base.tick}`);
    }
    const w = this.writer;
    w.reset();
    w.writeBits(MsgCode.Snapshot, 8);
    w.writeVarUint(world.tick - this.base.tick - 1);
    const b = this.base;
    if (world.phase !== b.phase || world.phaseEndTick !== b.phaseEndTick || world.round !== b.round) {
      w.writeBit(1);
      w.writeBits(world.phase, PHASE_BITS);
      w.writeVarUint(world.phaseEndTick);
      w.writeVarUint(world.round);
    } else {
      w.writeBit(0);
    }
    this.writeDeltaBody(world);
    return w.finish();
  }

  /** Full state of the world, which also becomes the baseline (periodic keyframe to the room). */
  encodeKeyframe(world: SnapshotSource): Uint8Array {
    checkSnapshotSource(world, this.maxPlayers, this.houseCount);
    // Run the delta pass only for its baseline and memory update (its bytes are discarded),
    // so the memory a keyframe carries is exactly what a delta would have left behind.
    this.writer.reset();
    this.writeDeltaBody(world);
    return this.encodeBaselineKeyframe();
  }

  /** Full state of the baseline (what the last encode produced), for a joiner. */
  encodeBaselineKeyframe(): Uint8Array {
    const w = this.writer;
    const b = this.base;
    w.reset();
    w.writeBits(MsgCode.Keyframe, 8);
    w.writeVarUint(b.tick);
    w.writeBits(b.phase, PHASE_BITS);
    w.writeVarUint(b.phaseEndTick);
    w.writeVarUint(b.round);
    this.players.writeKeyframe();
    let count = 0;
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) count++;
    }
    w.writeVarUint(count);
    for (let h = 0; h < this.houseCount; h++) {
      if (b.orderExpireTick[h] !== 0 || b.orderPlacedTick[h] !== 0) writeOrderEntry(w, this.houseBits, b, h);
    }
    return w.finish();
  }

  /** Slots, orders, and the baseline update shared by deltas and keyframes. */
  private writeDeltaBody(world: SnapshotSource): void {
    const b = this.base;
    this.players.writeDelta(world);
    b.tick = world.tick;
    b.phase = world.phase;
    b.phaseEndTick = world.phaseEndTick;
    b.round = world.round;
    // After the tick: order times are written relative to it.
    writeChangedOrders(this.writer, this.houseBits, world, b);
  }
}
