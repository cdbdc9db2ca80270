import type { ReplayStore } from '../cluster/replay-store';
import type { Logger } from '../logger';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { SeatRegistry } from '../seats/seat-registry';

export interface ReplayDutyDeps {
  rooms: RoomManager;
  seats: SeatRegistry;
  store: ReplayStore;
  log: Logger;
  /** Ticks per second: each room's once-a-second work comes round on a tick of its own. */
  tickRateHz: number;
}

/**
 * Seconds between the duty's cuts of a room's running recording and its store calls (the RTTs
 * are sampled every second). A room's saves cut for themselves (every second in a cluster and
 * with ROOM_STATE_FILE, so there chunks still come every second and a takeover loses nothing);
 * the duty's cut is what closes chunks on a node that does not save, and a durable store gets
 * the running round's chunks a few at a time, up to a few seconds late.
 */
export const CUT_EVERY_SECONDS = 5;

/** A room this node has seen, and the store work queued for it (one at a time, in order). */
interface Tracked {
  room: Room;
  chain: Promise<void>;
  busy: boolean;
  /** Its tick of the second (an index into ReplayDuty's buckets). */
  phase: number;
  /** Its seconds so far (a cut every CUT_EVERY_SECONDS). */
  seconds: number;
}

/**
 * Takes what the rooms' recorders cut to the replay store (issue 14). Once a second, per room
 * (each room on a tick of its own: 100 rooms cut in one tick took `npm run bench`'s tick p99
 * at 100 x 20 from ~1.9 to ~2.8 ms), the RTT the server measured for each seated player goes
 * into the recording; every CUT_EVERY_SECONDS the current chunk is cut, and the store gets, in
 * order, rounds that began, chunks of the running round (durable stores only: then the
 * recorder forgets them), and rounds that ended. A round that begins or
 * ends is stored at once (the recorder's outbox tells the duty). A room is tracked as the
 * room manager takes it in; no work runs per room-tick. Store calls for one room never overlap;
 * a failure (Redis away) leaves the work with the recorder for the next cut.
 */
export class ReplayDuty {
  private readonly tracked = new Map<string, Tracked>();
  /** Per tick of the second, the rooms whose once-a-second work falls on it. */
  private readonly buckets: Tracked[][];
  /** Spreads rooms over the ticks of a second, in the order they are first seen. */
  private nextPhase = 0;
  storeFailures = 0;
  private lastError = '';

  constructor(private readonly deps: ReplayDutyDeps) {
    this.buckets = Array.from({ length: Math.max(1, deps.tickRateHz) }, () => []);
    // Tracked from the start, so a room's first round is stored as it begins.
    deps.rooms.onAdded((room) => this.trackedOf(room));
  }

  /** Tracks any room not tracked yet (one taken in before the duty existed); forgets rooms that closed or moved away, once their queued store work is done. */
  everySecond(): void {
    const { rooms } = this.deps;
    for (const room of rooms.values()) this.trackedOf(room);
    // Rooms that closed (or moved to another node) since: their last work, then forget them.
    for (const [code, t] of this.tracked) {
      if (rooms.get(code) === t.room) continue;
      this.flush(t);
      void t.chain.then(() => {
        if (this.tracked.get(code) === t && rooms.get(code) !== t.room) this.untrack(t);
      });
    }
  }

  /** After each tick of the node: the once-a-second work of the rooms whose tick of the second this is. */
  afterTick(tickIndex: number): void {
    const bucket = this.buckets[tickIndex % this.buckets.length];
    for (let i = 0; i < bucket.length; i++) {
      const t = bucket[i];
      if (this.deps.rooms.get(t.room.code) === t.room) this.second(t);
    }
  }

  private second(t: Tracked): void {
    const room = t.room;
    const recorder = room.recorder;
    if (recorder.recordingRound >= 0) {
      const roomSeats = this.deps.seats.seatsOf(room.code);
      for (let i = 0; i < roomSeats.length; i++) {
        const seat = roomSeats[i];
        if (seat !== null) recorder.rtt(seat.slot, seat.rttMs);
      }
    }
    if (++t.seconds % CUT_EVERY_SECONDS !== 0) return;
    recorder.cut();
    this.flush(t);
  }

  /** Waits for everything queued (a graceful stop: rounds that ended are stored first). */
  async settle(): Promise<void> {
    for (const room of this.deps.rooms.values()) this.flush(this.trackedOf(room));
    await Promise.all([...this.tracked.values()].map((t) => t.chain));
  }

  /**
   * The room's tracking; a room seen for the first time gets the next tick of the second, and
   * its outbox tells the duty of each round that begins or ends from now on.
   */
  private trackedOf(room: Room): Tracked {
    const known = this.tracked.get(room.code);
    if (known !== undefined && known.room === room) return known;
    // Another room under this code (a takeover and back, a code used again): the old one's
    // last work is queued first, and the new one's store calls wait for it (never overlap).
    if (known !== undefined) {
      this.flush(known);
      this.untrack(known);
    }
    const t: Tracked = { room, chain: known?.chain ?? Promise.resolve(), busy: false, phase: this.nextPhase++ % this.buckets.length, seconds: 0 };
    this.tracked.set(room.code, t);
    this.buckets[t.phase].push(t);
    // A room this process made (not one restored from a save): recordings an earlier room
    // left under the same code are not its players' to read.
    if (!room.recorder.restoredFromSnapshot) t.chain = t.chain.then(() => this.guard(() => this.deps.store.forgetRoom(room.code))).then(() => undefined);
    const outbox = room.recorder.outbox;
    outbox.onNews = () => this.flush(t);
    if (outbox.hasNews) this.flush(t);
    return t;
  }

  private untrack(t: Tracked): void {
    if (this.tracked.get(t.room.code) === t) this.tracked.delete(t.room.code);
    const bucket = this.buckets[t.phase];
    const at = bucket.indexOf(t);
    if (at >= 0) bucket.splice(at, 1);
  }

  private flush(t: Tracked): void {
    if (t.busy) return;
    t.busy = true;
    t.chain = t.chain
      .then(() => this.storeWhileNews(t.room))
      .catch((error: unknown) => this.deps.log.error({ room: t.room.code, err: error instanceof Error ? error.message : String(error) }, 'storing round recordings failed'))
      .finally(() => {
        t.busy = false;
      });
  }

  /** Stores what the room has, and again while news came during it ("stored at once"); stops on a failure. */
  private async storeWhileNews(room: Room): Promise<void> {
    while ((await this.store(room)) && room.recorder.outbox.hasNews) {
      // A round began or ended while a store call waited: its turn is now, not at the next cut.
    }
  }

  /** One pass over what the room has for the store; false when a store call failed. */
  private async store(room: Room): Promise<boolean> {
    const { store } = this.deps;
    const recorder = room.recorder;
    const outbox = recorder.outbox;
    const code = room.code;
    while (outbox.begun.length > 0) {
      const begun = outbox.begun[0];
      if (!(await this.guard(() => store.begin(code, begun.round, begun.startedAtEpochMs)))) return false;
      outbox.begun.shift();
    }
    while (outbox.abandoned.length > 0) {
      const round = outbox.abandoned[0];
      if (!(await this.guard(() => store.abandon(code, round)))) return false;
      outbox.abandoned.shift();
    }
    if (store.durable && recorder.recordingRound >= 0 && recorder.pendingChunks.length > 0) {
      const round = recorder.recordingRound;
      const first = recorder.storedChunks;
      const chunks = recorder.pendingChunks.slice();
      if (await this.guard(() => store.putChunks(code, round, first, chunks))) recorder.stored(round, chunks.length);
    }
    while (outbox.finished.length > 0) {
      const finished = outbox.finished[0];
      if (!(await this.guard(() => store.finish(code, finished)))) return false;
      outbox.finished.shift();
      this.deps.log.info({ room: code, round: finished.round, chunks: finished.firstChunk + finished.chunks.length }, 'round recording stored');
    }
    if (outbox.failures > 0 && outbox.lastFailure !== '') {
      this.deps.log.error({ room: code, err: outbox.lastFailure, failures: outbox.failures }, 'a round recording stopped on an error');
      outbox.lastFailure = '';
    }
    return true;
  }

  /** Runs a store call; false (logged once per change) when it failed. */
  private async guard(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      if (this.lastError !== '') this.deps.log.info('replay store back to normal');
      this.lastError = '';
      return true;
    } catch (error) {
      this.storeFailures++;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.deps.log.warn({ err: message }, 'could not store round recordings; trying again at the next cut');
      this.lastError = message;
      return false;
    }
  }
}
