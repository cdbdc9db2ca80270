import { NETWORKED_FIELD_NAMES } from '../sim/player-fields';
import { createReplicaState, type ReplicaState } from './replica-state';
import type { SnapshotSource } from './snapshot-encoder';

/**
 * Test helper: the snapshot-relevant part of a World built from typed arrays, without a city,
 * so codec tests do not depend on the map generator.
 */
export function makeTestWorld(maxPlayers: number, houseCount: number): SnapshotSource {
  // A replica holds exactly the networked fields of a world, zeroed.
  return createReplicaState(maxPlayers, houseCount);
}

/** Every array a snapshot carries: the networked player fields of the list, then the houses'. */
const ARRAY_FIELDS = [...NETWORKED_FIELD_NAMES, 'orderExpireTick', 'orderPlacedTick'] as const;

/** First difference between a replica and a world, as text, or null when they are equal. */
export function diffReplica(state: ReplicaState, world: SnapshotSource): string | null {
  for (const key of ['tick', 'phase', 'phaseEndTick', 'round'] as const) {
    if (state[key] !== world[key]) return `${key}: ${state[key]} != ${world[key]}`;
  }
  for (const key of ARRAY_FIELDS) {
    const a = state[key];
    const b = world[key];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `${key}[${i}]: ${a[i]} != ${b[i]}`;
  }
  return null;
}

/** Deep copy of a replica (to check that a rejected message left it untouched). */
export function snapshotOf(state: ReplicaState): string {
  const parts: string[] = [String(state.tick), String(state.phase), String(state.phaseEndTick), String(state.round)];
  for (const key of ARRAY_FIELDS) parts.push(Array.from(state[key]).join(','));
  return parts.join('|');
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
