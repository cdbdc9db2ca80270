import type { Phase } from '../sim/constants';

/**
 * What a snapshot carries: the networked part of World, with the same field names and array
 * types, so client code reads a replica the way server code reads the world. The decoder owns
 * one and rewrites it in place (no allocation per snapshot); the encoder keeps one as its
 * baseline. Inactive slots are all zero.
 */
export interface ReplicaState {
  readonly maxPlayers: number;
  readonly houseCount: number;
  tick: number;
  phase: Phase;
  phaseEndTick: number;
  round: number;
  readonly active: Uint8Array;
  readonly connected: Uint8Array;
  readonly px: Int32Array;
  readonly py: Int32Array;
  readonly heading: Int32Array;
  readonly speed: Int32Array;
  readonly ackSeq: Uint32Array;
  readonly carrying: Uint8Array;
  readonly score: Int32Array;
  /** Per house: tick the open order expires, 0 when none. */
  readonly orderExpireTick: Int32Array;
  /** Per house: tick the order was placed (as the world holds it, also after the order closes). */
  readonly orderPlacedTick: Int32Array;
}

export function createReplicaState(maxPlayers: number, houseCount: number): ReplicaState {
  if (!Number.isInteger(maxPlayers) || maxPlayers < 1) throw new RangeError(`maxPlayers must be >= 1: ${maxPlayers}`);
  if (!Number.isInteger(houseCount) || houseCount < 0) throw new RangeError(`houseCount must be >= 0: ${houseCount}`);
  return {
    maxPlayers,
    houseCount,
    tick: 0,
    phase: 0,
    phaseEndTick: 0,
    round: 0,
    active: new Uint8Array(maxPlayers),
    connected: new Uint8Array(maxPlayers),
    px: new Int32Array(maxPlayers),
    py: new Int32Array(maxPlayers),
    heading: new Int32Array(maxPlayers),
    speed: new Int32Array(maxPlayers),
    ackSeq: new Uint32Array(maxPlayers),
    carrying: new Uint8Array(maxPlayers),
    score: new Int32Array(maxPlayers),
    orderExpireTick: new Int32Array(houseCount),
    orderPlacedTick: new Int32Array(houseCount),
  };
}

/** Copies every field of `from` into `to` (same sizes); no allocation. */
export function copyReplicaState(from: ReplicaState, to: ReplicaState): void {
  to.tick = from.tick;
  to.phase = from.phase;
  to.phaseEndTick = from.phaseEndTick;
  to.round = from.round;
  to.active.set(from.active);
  to.connected.set(from.connected);
  to.px.set(from.px);
  to.py.set(from.py);
  to.heading.set(from.heading);
  to.speed.set(from.speed);
  to.ackSeq.set(from.ackSeq);
  to.carrying.set(from.carrying);
  to.score.set(from.score);
  to.orderExpireTick.set(from.orderExpireTick);
  to.orderPlacedTick.set(from.orderPlacedTick);
}

/** Zeroes every field (the state before the first keyframe). */
export function clearReplicaState(state: ReplicaState): void {
  state.tick = 0;
  state.phase = 0;
  state.phaseEndTick = 0;
  state.round = 0;
  state.active.fill(0);
  state.connected.fill(0);
  state.px.fill(0);
  state.py.fill(0);
  state.heading.fill(0);
  state.speed.fill(0);
  state.ackSeq.fill(0);
  state.carrying.fill(0);
  state.score.fill(0);
  state.orderExpireTick.fill(0);
  state.orderPlacedTick.fill(0);
}

/** Zeroes one player slot (a removed player). */
export function clearReplicaSlot(state: ReplicaState, slot: number): void {
  state.active[slot] = 0;
  state.connected[slot] = 0;
  state.px[slot] = 0;
  state.py[slot] = 0;
  state.heading[slot] = 0;
  state.speed[slot] = 0;
  state.ackSeq[slot] = 0;
  state.carrying[slot] = 0;
  state.score[slot] = 0;
}
