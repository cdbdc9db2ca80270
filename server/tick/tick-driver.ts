import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/room-manager';
import type { RoomBroadcaster } from './room-broadcaster';

/** Once-a-second work (sweeps, RTT probes, saves) runs every this many ticks. */
const SECONDLY_INTERVAL_S = 1;

export interface TickDriverDeps {
  rooms: RoomManager;
  broadcaster: RoomBroadcaster;
  tickRateHz: number;
  /** After each room's tick: e.g. save a room whose score just changed (cluster). */
  afterRoom: (room: Room) => void;
  /** After the rooms ticked, every tick (with the loop's tick count). */
  everyTick: readonly ((tickIndex: number) => void)[];
  /** Once a second, after the rooms ticked. */
  everySecond: readonly (() => void)[];
}

/**
 * The work of one tick of the node's loop: every room this node owns advances one step, and
 * each that is due sends its one snapshot (encoded once, the same bytes to everyone); about
 * once a second the slower duties run. Allocation-free in steady state apart from what the
 * broadcaster's one copy per room costs.
 */
export class TickDriver {
  private readonly secondlyEveryTicks: number;

  constructor(private readonly deps: TickDriverDeps) {
    this.secondlyEveryTicks = Math.max(1, Math.round(deps.tickRateHz * SECONDLY_INTERVAL_S));
  }

  readonly onTick = (tickIndex: number): void => {
    const { rooms, broadcaster, afterRoom } = this.deps;
    for (const room of rooms.values()) {
      if (room.advance()) broadcaster.broadcast(room);
      afterRoom(room);
    }
    for (const duty of this.deps.everyTick) duty(tickIndex);
    if (tickIndex % this.secondlyEveryTicks === 0) for (const duty of this.deps.everySecond) duty();
  };
}
