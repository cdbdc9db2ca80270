import type { World } from '../../shared/sim/world';

/**
 * A recording's player-ticks (what its bytes per player-minute divide by): the players seated
 * times the ticks they were, counted when the roster changes or the total is read, not every tick.
 */
export class PlayerTicks {
  total = 0;
  private active = 0;
  private countedTick = 0;

  /** A recording starts (or goes on after a restore, at `total`) at `tick`. */
  start(tick: number, total: number): void {
    this.total = total;
    this.active = 0;
    this.countedTick = tick;
  }

  /** Adds the ticks since the last count at the players seated then. */
  count(tick: number): void {
    this.total += this.active * (tick - this.countedTick);
    this.countedTick = tick;
  }

  /** The roster changed: counts up to now, then takes the new number of players. */
  recount(world: World): void {
    this.count(world.tick);
    let active = 0;
    for (let slot = 0; slot < world.maxPlayers; slot++) active += world.active[slot];
    this.active = active;
  }
}
