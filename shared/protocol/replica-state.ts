import { Arena } from '../sim/arena';
import type { Phase } from '../sim/constants';
import {
  allocatePlayerArrays,
  clearPlayerArrays,
  clearPlayerSlot,
  copyPlayerArrays,
  NETWORKED_FIELD_NAMES,
  playerArraysBytes,
  type PlayerArrays,
  type NetworkedFieldName,
} from '../sim/player-fields';

/**
 * What a snapshot carries: the networked part of World (every player field whose wire is not
 * 'server', from player-fields.ts), with the same field names and array types, so client code
 * reads a replica the way server code reads the world. The decoder owns one and rewrites it in
 * place (no allocation per snapshot); the encoder keeps one as its baseline. Inactive slots are
 * all zero.
 */
export interface ReplicaState extends PlayerArrays<NetworkedFieldName> {
  readonly maxPlayers: number;
  readonly houseCount: number;
  tick: number;
  phase: Phase;
  phaseEndTick: number;
  round: number;
  /** Per house: tick the open order expires, 0 when none. */
  readonly orderExpireTick: Int32Array;
  /** Per house: tick the order was placed (as the world holds it, also after the order closes). */
  readonly orderPlacedTick: Int32Array;
}

/** Arena bytes of one replica (player and house arrays). */
export function replicaStateBytes(maxPlayers: number, houseCount: number): number {
  return playerArraysBytes(NETWORKED_FIELD_NAMES, maxPlayers) + Arena.bytesFor(2 * houseCount, 0);
}

/** arena: where the arrays go (replicaStateBytes of them); a fresh buffer when omitted. */
export function createReplicaState(maxPlayers: number, houseCount: number, arena?: Arena): ReplicaState {
  if (!Number.isInteger(maxPlayers) || maxPlayers < 1) throw new RangeError(`maxPlayers must be >= 1: ${maxPlayers}`);
  if (!Number.isInteger(houseCount) || houseCount < 0) throw new RangeError(`houseCount must be >= 0: ${houseCount}`);
  const from = arena ?? new Arena(replicaStateBytes(maxPlayers, houseCount));
  const orderExpireTick = from.int32(houseCount);
  const orderPlacedTick = from.int32(houseCount);
  return {
    maxPlayers,
    houseCount,
    tick: 0,
    phase: 0,
    phaseEndTick: 0,
    round: 0,
    ...allocatePlayerArrays(from, NETWORKED_FIELD_NAMES, maxPlayers),
    orderExpireTick,
    orderPlacedTick,
  };
}

/** Copies every field of `from` into `to` (same sizes); no allocation. */
export function copyReplicaState(from: ReplicaState, to: ReplicaState): void {
  to.tick = from.tick;
  to.phase = from.phase;
  to.phaseEndTick = from.phaseEndTick;
  to.round = from.round;
  copyPlayerArrays(from, to, NETWORKED_FIELD_NAMES);
  to.orderExpireTick.set(from.orderExpireTick);
  to.orderPlacedTick.set(from.orderPlacedTick);
}

/** Zeroes every field (the state before the first keyframe). */
export function clearReplicaState(state: ReplicaState): void {
  state.tick = 0;
  state.phase = 0;
  state.phaseEndTick = 0;
  state.round = 0;
  clearPlayerArrays(state, NETWORKED_FIELD_NAMES);
  state.orderExpireTick.fill(0);
  state.orderPlacedTick.fill(0);
}

/** Zeroes one player slot (a removed player). */
export function clearReplicaSlot(state: ReplicaState, slot: number): void {
  clearPlayerSlot(state, NETWORKED_FIELD_NAMES, slot);
}
