import type { RoomBoard } from './standings';
import type { RedisCommands } from './redis-connection';

/** Every room's board, where any node can read it (the owner writes its rooms' boards). */
export interface LeaderboardStore {
  publish(board: RoomBoard): Promise<void>;
  remove(code: string): Promise<void>;
  get(code: string): Promise<RoomBoard | null>;
  all(): Promise<RoomBoard[]>;
}

export class MemoryLeaderboardStore implements LeaderboardStore {
  private readonly boards = new Map<string, RoomBoard>();
  async publish(board: RoomBoard): Promise<void> {
    this.boards.set(board.code, board);
  }
  async remove(code: string): Promise<void> {
    this.boards.delete(code);
  }
  async get(code: string): Promise<RoomBoard | null> {
    return this.boards.get(code) ?? null;
  }
  async all(): Promise<RoomBoard[]> {
    return [...this.boards.values()];
  }
}

const BOARDS_KEY = 'rt:leaderboards';

/** One hash, field = room code: the overall board is one HGETALL away on any node. */
export class RedisLeaderboardStore implements LeaderboardStore {
  constructor(private readonly redis: RedisCommands) {}
  async publish(board: RoomBoard): Promise<void> {
    await this.redis.hSet(BOARDS_KEY, board.code, JSON.stringify(board));
  }
  async remove(code: string): Promise<void> {
    await this.redis.hDel(BOARDS_KEY, code);
  }
  async get(code: string): Promise<RoomBoard | null> {
    const all = await this.redis.hGetAll(BOARDS_KEY);
    const json = all[code];
    return json === undefined ? null : (JSON.parse(json) as RoomBoard);
  }
  async all(): Promise<RoomBoard[]> {
    return Object.values(await this.redis.hGetAll(BOARDS_KEY)).map((json) => JSON.parse(json) as RoomBoard);
  }
}
