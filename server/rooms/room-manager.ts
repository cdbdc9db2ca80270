import type { NodeConfig } from '../config';
import { generateRoomCode } from './room-code';
import { Room } from './room';

export type CreateRoomResult = { ok: true; room: Room } | { ok: false; reason: 'TOO_MANY_ROOMS' };

export interface CreateRoomOptions {
  mode?: 'auto' | 'teacher';
  seed?: number;
  /** A code reserved beforehand (cluster-unique); generated here when absent. */
  code?: string | undefined;
}

/** The rooms this node owns (who sits in them is server/seats'). */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly addedListeners: ((room: Room) => void)[] = [];

  constructor(
    private readonly config: NodeConfig,
    private readonly nowMs: () => number,
  ) {}

  get maxRooms(): number {
    return this.config.maxRooms;
  }

  get size(): number {
    return this.rooms.size;
  }

  values(): IterableIterator<Room> {
    return this.rooms.values();
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  create(options: CreateRoomOptions = {}): CreateRoomResult {
    if (this.rooms.size >= this.config.maxRooms) return { ok: false, reason: 'TOO_MANY_ROOMS' };
    let code = options.code ?? generateRoomCode();
    while (options.code === undefined && this.rooms.has(code)) code = generateRoomCode();
    const ticksPerSnapshot = Math.max(1, Math.round(this.config.tickRateHz / this.config.snapshotRateHz));
    const snapshotRateHz = this.config.tickRateHz / ticksPerSnapshot;
    const room = new Room(
      {
        code,
        world: {
          tickRateHz: this.config.tickRateHz,
          maxPlayers: this.config.maxPlayersPerRoom,
          roundSeconds: this.config.roundSeconds,
          resultsSeconds: this.config.resultsSeconds,
          seed: options.seed ?? (Math.random() * 0x7fffffff) | 0,
          autoRounds: true,
        },
        ticksPerSnapshot,
        snapshotsPerKeyframe: Math.max(1, Math.round(this.config.keyframeIntervalS * snapshotRateHz)),
        resumeGraceMs: this.config.resumeGraceMs,
        emptyRoomGraceMs: this.config.emptyRoomGraceMs,
        mode: options.mode ?? 'auto',
        recording: {
          enabled: this.config.replayRoundsPerRoom > 0,
          keyframeEveryTicks: Math.max(1, Math.round(this.config.replayKeyframeIntervalS * this.config.tickRateHz)),
          maxRoundBytes: this.config.replayMaxRoundBytes,
        },
      },
      this.nowMs(),
    );
    this.add(room);
    return { ok: true, room };
  }

  /** Takes in a room restored from a saved state (a restart, or a takeover). */
  adopt(room: Room): void {
    this.add(room);
  }

  /** Hears of every room made or taken in from now on (the replay duty tracks it before its first tick). */
  onAdded(listener: (room: Room) => void): void {
    this.addedListeners.push(listener);
  }

  private add(room: Room): void {
    this.rooms.set(room.code, room);
    for (const listener of this.addedListeners) listener(room);
  }

  /** Forgets a room without closing it anywhere else (another node holds it now). */
  discard(code: string): void {
    this.rooms.delete(code);
  }

  /** Frees expired slots and closes rooms that stayed empty; returns the closed codes. */
  sweep(onSlotExpired: (room: Room, slot: number) => void): string[] {
    const now = this.nowMs();
    const closed: string[] = [];
    for (const room of this.rooms.values()) {
      const shouldClose = room.sweep(now, (slot) => onSlotExpired(room, slot));
      if (shouldClose) closed.push(room.code);
    }
    for (const code of closed) this.rooms.delete(code);
    return closed;
  }

  playerCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connectedCount;
    return count;
  }
}
