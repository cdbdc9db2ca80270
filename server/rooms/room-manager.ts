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

/** The rooms this node owns, and the resume-token index across them. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  /** Resume token -> room code, so a reconnect needs nothing but the token. */
  private readonly tokenIndex = new Map<string, string>();

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
      },
      this.nowMs(),
    );
    this.rooms.set(code, room);
    return { ok: true, room };
  }

  /** Takes in a room restored from a saved state, with its players' resume tokens. */
  adopt(room: Room): void {
    this.rooms.set(room.code, room);
    for (const token of room.tokens) if (token.length > 0) this.tokenIndex.set(token, room.code);
  }

  /** Forgets a room without closing it anywhere else (another node holds it now). */
  discard(code: string): void {
    const room = this.rooms.get(code);
    if (room === undefined) return;
    this.rooms.delete(code);
    for (const token of room.tokens) if (token.length > 0) this.tokenIndex.delete(token);
  }

  rememberToken(token: string, code: string): void {
    this.tokenIndex.set(token, code);
  }

  roomOfToken(token: string): Room | undefined {
    const code = this.tokenIndex.get(token);
    return code === undefined ? undefined : this.rooms.get(code);
  }

  forgetToken(token: string): void {
    this.tokenIndex.delete(token);
  }

  /** Frees expired slots and closes rooms that stayed empty; returns the closed codes. */
  sweep(onSlotExpired: (room: Room, slot: number, token: string) => void): string[] {
    const now = this.nowMs();
    const closed: string[] = [];
    for (const room of this.rooms.values()) {
      const shouldClose = room.sweep(now, (slot, token) => {
        this.tokenIndex.delete(token);
        onSlotExpired(room, slot, token);
      });
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
