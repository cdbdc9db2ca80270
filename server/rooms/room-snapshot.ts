import type { World } from '../../shared/sim/world';
import { Room, type RoomOptions } from './room';
import type { RecorderSnapshot } from './recording-shapes';
import type { RoomRemovalsState } from './room-removals';

/**
 * A room's whole state as plain JSON: used to carry rooms across a graceful restart (and, in a
 * cluster, to let another node take a room over). Typed arrays travel as base64 of their bytes;
 * the city is not saved because it is regenerated from the seed.
 */
export interface RoomSnapshot {
  /** 2: seats saved by session id (a hash), never by resume token (issue #13). */
  v: 2;
  options: RoomOptions;
  locked: boolean;
  names: string[];
  /** Session id per slot ('' when free). */
  sessions: string[];
  /** Devices the teacher removed (absent in snapshots from before issue 12: nobody). */
  removals?: RoomRemovalsState;
  /** Slots of the owner's own bots (Room.serverBots; absent before issue 12: none). */
  bots?: number[];
  scalars: Record<string, number>;
  arrays: Record<string, string>;
  /** The running round's recording so far (issue 14), so the next owner goes on recording it. */
  replay?: RecorderSnapshot;
}

/** World fields that are configuration or derived, not state. */
const NOT_STATE = new Set(['config', 'params', 'city', 'maxPlayers']);

type TypedArray = Uint8Array | Int32Array | Uint32Array | Float64Array | Uint16Array | Int16Array;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** A room and its players' session ids by slot ('' where nobody sits). */
export function snapshotRoom(room: Room, sessions: readonly string[]): RoomSnapshot {
  const scalars: Record<string, number> = {};
  const arrays: Record<string, string> = {};
  for (const [key, value] of Object.entries(room.world)) {
    if (NOT_STATE.has(key)) continue;
    if (typeof value === 'number') scalars[key] = value;
    else if (isTypedArray(value)) arrays[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  const replay = room.recorder.snapshot();
  return {
    v: 2,
    options: room.options,
    locked: room.locked,
    names: [...room.names],
    sessions: [...sessions],
    removals: room.removals.save(),
    bots: [...room.serverBots],
    scalars,
    arrays,
    ...(replay === null ? {} : { replay }),
  };
}

/**
 * Rebuilds a room from a snapshot. Every player comes back as dropped, so each has the resume
 * grace period (from `nowMs`) to reconnect with their token. Throws on a snapshot that does not
 * fit the world it describes (a bug or a tampered file, never player input).
 */
export function restoreRoom(snapshot: RoomSnapshot, nowMs: number): { room: Room; sessions: string[] } {
  if (snapshot.v !== 2) throw new Error(`Unsupported room snapshot version ${String(snapshot.v)}`);
  const room = new Room(snapshot.options, nowMs);
  const world = room.world as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(snapshot.scalars)) {
    if (typeof world[key] !== 'number' || !Number.isFinite(value)) throw new Error(`Room snapshot: bad scalar ${key}`);
    world[key] = value;
  }
  for (const [key, encoded] of Object.entries(snapshot.arrays)) {
    const target = world[key];
    if (!isTypedArray(target)) throw new Error(`Room snapshot: unknown array ${key}`);
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length !== target.byteLength) throw new Error(`Room snapshot: ${key} has ${bytes.length} bytes, expected ${target.byteLength}`);
    new Uint8Array(target.buffer, target.byteOffset, target.byteLength).set(bytes);
  }
  if (!Array.isArray(snapshot.sessions) || snapshot.sessions.length !== room.capacity || !snapshot.sessions.every((t) => typeof t === 'string')) {
    throw new Error('Room snapshot: sessions do not match the room');
  }
  room.adoptRestoredSessions(snapshot.names, snapshot.locked, nowMs);
  if (snapshot.removals !== undefined) room.removals.load(snapshot.removals);
  for (const slot of snapshot.bots ?? []) {
    if (!Number.isInteger(slot) || slot < 0 || slot >= room.capacity) throw new Error('Room snapshot: bad bot slot');
    if (room.world.active[slot]) room.serverBots.add(slot);
  }
  // After the sessions: the recording's Restored keyframe shows everyone dropped, as they are.
  room.recorder.restore(snapshot.replay);
  return { room, sessions: snapshot.sessions };
}

/** The fields of World that a snapshot carries, for tests. */
export function worldStateKeys(world: World): string[] {
  return Object.keys(world).filter((k) => !NOT_STATE.has(k));
}
