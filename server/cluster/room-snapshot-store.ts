import type { RoomSnapshot } from '../rooms/room-snapshot';
import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** The owner's periodic save of each room, for a takeover after the owner dies. */
export interface RoomSnapshotStore {
  save(code: string, snapshot: RoomSnapshot, ttlMs: number): Promise<void>;
  load(code: string): Promise<RoomSnapshot | null>;
  delete(code: string): Promise<void>;
}

/** One node: there is nobody to take over, so nothing is kept. */
export class NoRoomSnapshotStore implements RoomSnapshotStore {
  async save(): Promise<void> {}
  async load(): Promise<RoomSnapshot | null> {
    return null;
  }
  async delete(): Promise<void> {}
}

export class RedisRoomSnapshotStore implements RoomSnapshotStore {
  constructor(private readonly redis: RedisCommands) {}

  async save(code: string, snapshot: RoomSnapshot, ttlMs: number): Promise<void> {
    await this.redis.set(RedisKeys.roomSnapshot(code), JSON.stringify({ savedAtEpochMs: Date.now(), snapshot }), {
      expiration: { type: 'PX', value: ttlMs },
    });
  }

  async load(code: string): Promise<RoomSnapshot | null> {
    const json = await this.redis.get(RedisKeys.roomSnapshot(code));
    if (json === null) return null;
    return (JSON.parse(json) as { snapshot: RoomSnapshot }).snapshot;
  }

  async delete(code: string): Promise<void> {
    await this.redis.del(RedisKeys.roomSnapshot(code));
  }
}
