import type { Logger } from '../logger';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomSnapshot } from '../rooms/room-snapshot';
import type { Room } from '../rooms/room';
import { saveRoomsToFile } from '../rooms/room-state-file';

/**
 * A single node's rooms, saved to a file about once a second (atomically: written to a
 * temporary name, then renamed), as a cluster saves them to Redis: after a crash (kill -9, a
 * power cut) the next start restores them, losing at most about a second of play, and the class
 * resumes instead of being told to join a room that no longer exists (issue #13).
 */
export class RoomFileSaver {
  private writing: Promise<void> | null = null;
  /** Rooms in the file as last written: once the last room closes, the file is emptied too. */
  private roomsInFile = 0;
  saves = 0;
  failures = 0;

  constructor(
    private readonly path: string,
    private readonly rooms: RoomManager,
    private readonly snapshotOf: (room: Room) => RoomSnapshot,
    private readonly log: Logger,
  ) {}

  /** Starts a save unless one is still being written (a slow disk never piles writes up). */
  saveSoon(): void {
    if (this.writing !== null || (this.rooms.size === 0 && this.roomsInFile === 0)) return;
    this.writing = this.write().finally(() => {
      this.writing = null;
    });
  }

  /** Waits for any save in progress, then saves once more (a graceful stop). */
  async saveNow(): Promise<number> {
    await this.writing;
    const saved = await saveRoomsToFile(this.path, this.snapshots());
    this.roomsInFile = saved;
    this.saves++;
    return saved;
  }

  private snapshots(): RoomSnapshot[] {
    const snapshots: RoomSnapshot[] = [];
    for (const room of this.rooms.values()) snapshots.push(this.snapshotOf(room));
    return snapshots;
  }

  private async write(): Promise<void> {
    try {
      this.roomsInFile = await saveRoomsToFile(this.path, this.snapshots());
      this.saves++;
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 60 === 0) this.log.error({ err: error, file: this.path }, 'could not save rooms');
    }
  }
}
