import type { SnapshotReplica, SnapshotReplicaFactory } from '../client/net/snapshot-replica';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { ErrorCode } from '../shared/protocol/error-code';
import { MsgCode } from '../shared/protocol/msg-code';
import { copyReplicaState, createReplicaState, type ReplicaState } from '../shared/protocol/replica-state';
import { SnapshotDecoder, type ApplyResult } from '../shared/protocol/snapshot-decoder';

/**
 * One snapshot decode per room and tick for a crowd of bots in one process (issue 11 §4).
 *
 * Every socket of a room receives the same bytes each tick, so the first bot of a room to
 * read a snapshot decodes it into the room's decoder and keeps a copy of the result in a
 * ring; the other bots find the same bytes there and only move their cursor. What stays per
 * bot is what differs: its own inputs and its own echo timing (it still reads its own
 * `ackSeq` from the state of the tick its own socket delivered).
 *
 *   room stream:  K100 -> D101 -> D102 -> D103          (ring of decoded states, by tick)
 *   bot A:                                 ^ at head: decodes D104 into the room's decoder
 *   bot B:                        ^ D103 equals the successor's bytes: a cursor move
 *   joiner J:   gets K102 (its own keyframe): decodes privately, then attaches where the
 *               ring holds an equal state at 102, and from then on shares
 *
 * Nothing is trusted that was not checked: a delta is shared only when its bytes equal what
 * followed the bot's own state in the room's stream, and a private decode rejoins only an
 * equal state. Anything else (a bot that fell a whole ring behind, a stream that changed
 * under it) is answered like a delta made against another state, PROTO_OUT_OF_RANGE, and
 * GameConnection asks for a keyframe as it would for a real decode error.
 */

/**
 * Decoded snapshots kept per room: how far one bot may trail the room's first reader (about
 * 4 s at 30 Hz). A socket lags its room when the server buffers its writes under load, so
 * this is generous; a room's ring is ~150 KB at 20 players.
 */
export const RING_SNAPSHOTS = 128;
/** A private stream this many ticks past the room's newest entry makes the room start over from it. */
const STALE_TICKS = RING_SNAPSHOTS;
const FIRST_BYTES_CAPACITY = 256;

const OK_KEYFRAME: ApplyResult = Object.freeze({ ok: true, keyframe: true });
const OK_DELTA: ApplyResult = Object.freeze({ ok: true, keyframe: false });
const NO_KEYFRAME: ApplyResult = Object.freeze({ ok: false, code: ErrorCode.PROTO_NO_KEYFRAME });
const NOT_OUR_STATE: ApplyResult = Object.freeze({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });

interface Entry {
  /** -1 while unused. */
  tick: number;
  keyframe: boolean;
  /** Tick of the entry this one was decoded on top of; -1 when it started a stream. */
  baseTick: number;
  /** Tick of the entry decoded on top of this one; -1 until there is one. */
  nextTick: number;
  bytes: Uint8Array;
  length: number;
  readonly state: ReplicaState;
}

/** Counters, for tests and the load report. */
export interface SharedReplicaStats {
  rooms: number;
  /** Snapshots applied by all bots together. */
  applied: number;
  /** Decodes into a room's shared decoder. */
  sharedDecodes: number;
  /** Decodes by a bot on its own (joins, resyncs, the rare lagging bot). */
  privateDecodes: number;
  /** Snapshots refused because the bot fell a whole ring behind or its stream differed. */
  offStream: number;
}

/** Equal field by field, whatever the replica's field list is (typed arrays and numbers). */
export function replicaStatesEqual(a: ReplicaState, b: ReplicaState): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of Object.keys(ra)) {
    const x = ra[key];
    const y = rb[key];
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      const xa = x as unknown as ArrayLike<number>;
      const ya = y as unknown as ArrayLike<number>;
      if (xa.length !== ya.length) return false;
      for (let i = 0; i < xa.length; i++) if (xa[i] !== ya[i]) return false;
    } else if (x !== y) return false;
  }
  return true;
}

class SharedRoom {
  readonly decoder: SnapshotDecoder;
  /** All zeros: what a bot reads before its first keyframe. */
  readonly blank: ReplicaState;
  private readonly ring: Entry[] = [];
  private head: Entry | null = null;

  constructor(
    readonly maxPlayers: number,
    readonly houseCount: number,
    private readonly stats: SharedReplicaStats,
  ) {
    this.decoder = new SnapshotDecoder(maxPlayers, houseCount);
    this.blank = createReplicaState(maxPlayers, houseCount);
    for (let i = 0; i < RING_SNAPSHOTS; i++) {
      this.ring.push({ tick: -1, keyframe: false, baseTick: -1, nextTick: -1, bytes: new Uint8Array(FIRST_BYTES_CAPACITY), length: 0, state: createReplicaState(maxPlayers, houseCount) });
    }
  }

  deliver(h: SharedReplica, bytes: Uint8Array): ApplyResult {
    this.stats.applied++;
    return this.apply(h, bytes);
  }

  private apply(h: SharedReplica, bytes: Uint8Array): ApplyResult {
    if (h.own !== null) return this.applyOwn(h, bytes);
    const code = bytes[0];
    const at = h.entry;
    if (!h.onStream || at === null) {
      if (code === MsgCode.Keyframe) return this.applyOwn(h, bytes);
      // Deltas before a keyframe are refused, as by a decoder of one's own.
      if (code === MsgCode.Snapshot) return NO_KEYFRAME;
      return this.decoder.apply(bytes);
    }
    if (at.tick !== h.tick) {
      // Overwritten: this bot fell a whole ring behind the room's first reader.
      h.onStream = false;
      this.stats.offStream++;
      return NOT_OUR_STATE;
    }
    const next = this.successor(at);
    if (next !== null && next.keyframe === (code === MsgCode.Keyframe) && sameBytes(next, bytes)) {
      h.entry = next;
      h.tick = next.tick;
      return next.keyframe ? OK_KEYFRAME : OK_DELTA;
    }
    if (code === MsgCode.Snapshot) {
      if (at === this.head) return this.advance(h, at, bytes, false);
      // Not what followed our state in the room's stream: a delta against some other state.
      // The bot keeps reading its last state until a keyframe puts it back on the stream.
      h.onStream = false;
      this.stats.offStream++;
      return NOT_OUR_STATE;
    }
    if (code === MsgCode.Keyframe) {
      // A periodic keyframe seen first by a bot at the head continues the room's stream; any
      // other (a joiner's, a resync's) is decoded privately and rejoins by state.
      if (at === this.head) return this.advance(h, at, bytes, true);
      h.onStream = false;
      return this.applyOwn(h, bytes);
    }
    // Empty, oversized or an unknown code: the decoder says which, and its state stays as it was.
    return this.decoder.apply(bytes);
  }

  private successor(entry: Entry): Entry | null {
    if (entry.nextTick < 0) return null;
    const next = this.entryAt(entry.nextTick);
    return next !== null && next.baseTick === entry.tick ? next : null;
  }

  private entryAt(tick: number): Entry | null {
    const entry = this.ring[tick % RING_SNAPSHOTS];
    return entry.tick === tick ? entry : null;
  }

  /** Decodes into the room's decoder on top of `base` (the head) and records the result. */
  private advance(h: SharedReplica, base: Entry | null, bytes: Uint8Array, keyframe: boolean): ApplyResult {
    const result = this.decoder.apply(bytes);
    this.stats.sharedDecodes++;
    if (!result.ok) return result;
    const state = this.decoder.state;
    const baseTick = base !== null ? base.tick : -1;
    const entry = this.ring[state.tick % RING_SNAPSHOTS];
    entry.tick = state.tick;
    entry.keyframe = keyframe;
    // A snapshot a whole ring of ticks after its base lands on the base's own slot.
    entry.baseTick = base === entry ? -1 : baseTick;
    entry.nextTick = -1;
    if (entry.bytes.length < bytes.length) entry.bytes = new Uint8Array(bytes.length * 2);
    entry.bytes.set(bytes);
    entry.length = bytes.length;
    copyReplicaState(state, entry.state);
    if (base !== null && base !== entry) base.nextTick = entry.tick;
    this.head = entry;
    h.entry = entry;
    h.tick = entry.tick;
    h.onStream = true;
    return result;
  }

  /** A bot off the room's stream: back on it if it can be, else a decode of its own. */
  private applyOwn(h: SharedReplica, bytes: Uint8Array): ApplyResult {
    if (this.attach(h)) return this.apply(h, bytes);
    const own = (h.own ??= new SnapshotDecoder(this.maxPlayers, this.houseCount));
    const result = own.apply(bytes);
    this.stats.privateDecodes++;
    if (!result.ok) return result;
    const head = this.head;
    if (result.keyframe && (head === null || own.state.tick - head.tick > STALE_TICKS)) {
      // The first bot of the room, or the room's stream went quiet long ago: start it over here.
      this.advance(h, null, bytes, true);
      h.own = null;
      return result;
    }
    this.attach(h);
    return result;
  }

  /** Moves a privately decoding bot onto the ring entry of its tick when the states are equal. */
  private attach(h: SharedReplica): boolean {
    const own = h.own;
    if (own === null || !own.synced) return false;
    const entry = this.entryAt(own.state.tick);
    if (entry === null || !replicaStatesEqual(entry.state, own.state)) return false;
    h.entry = entry;
    h.tick = entry.tick;
    h.onStream = true;
    h.own = null;
    return true;
  }
}

function sameBytes(entry: Entry, bytes: Uint8Array): boolean {
  if (entry.length !== bytes.length) return false;
  const a = entry.bytes;
  for (let i = 0; i < bytes.length; i++) if (a[i] !== bytes[i]) return false;
  return true;
}

/** One bot's view: a cursor into its room's ring, or a decoder of its own while off it. */
class SharedReplica implements SnapshotReplica {
  /** The ring entry this bot reads; its tick is `tick` unless the ring moved past it. */
  entry: Entry | null = null;
  tick = -1;
  /** False until the first keyframe, and after a snapshot that did not follow its state. */
  onStream = false;
  /** A decoder of its own while it is off the room's stream and has a keyframe. */
  own: SnapshotDecoder | null = null;

  constructor(private readonly room: SharedRoom) {}

  get state(): ReplicaState {
    if (this.own !== null) return this.own.state;
    return this.entry !== null ? this.entry.state : this.room.blank;
  }

  get synced(): boolean {
    return this.own !== null ? this.own.synced : this.entry !== null;
  }

  apply(bytes: Uint8Array): ApplyResult {
    return this.room.deliver(this, bytes);
  }
}

/**
 * The rooms of one load run. Pass `replicaFor` to every bot's GameConnection. Rooms are keyed
 * by owner node too: after a failover the new owner's stream is another stream.
 */
export class SharedReplicas {
  private readonly rooms = new Map<string, SharedRoom>();
  private readonly counters: SharedReplicaStats = { rooms: 0, applied: 0, sharedDecodes: 0, privateDecodes: 0, offStream: 0 };

  readonly replicaFor: SnapshotReplicaFactory = (welcome: WelcomeMessage): SnapshotReplica => {
    // The JSON baseline writes each state into the connection's replica itself.
    if (welcome.snapshotCodec === 'json') return new SnapshotDecoder(welcome.maxPlayers, welcome.houseCount);
    const key = `${welcome.ownerNodeId}/${welcome.room}/${welcome.maxPlayers}/${welcome.houseCount}`;
    let room = this.rooms.get(key);
    if (room === undefined) {
      room = new SharedRoom(welcome.maxPlayers, welcome.houseCount, this.counters);
      this.rooms.set(key, room);
      this.counters.rooms = this.rooms.size;
    }
    return new SharedReplica(room);
  };

  get stats(): Readonly<SharedReplicaStats> {
    return this.counters;
  }
}
