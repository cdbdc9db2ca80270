import { Phase, POSITION_SCALE } from '../../shared/sim/constants';
import { tileCenterX, tileCenterY, type City } from '../../shared/sim/city';

/** A delivery seen in the replica: who, how many points, where (world units). */
export interface DeliveryEvent {
  slot: number;
  points: number;
  /** Index into city.houses, or -1 when no closed order could be matched (drawn at the scooter). */
  house: number;
  x: number;
  y: number;
  /** Snapshot tick it was seen at. */
  tick: number;
}

/** The parts of a replica the watch reads. */
export interface DeliveryState {
  readonly tick: number;
  readonly phase: number;
  readonly round: number;
  readonly maxPlayers: number;
  readonly active: Uint8Array;
  readonly px: Int32Array;
  readonly py: Int32Array;
  readonly score: Int32Array;
  readonly orderExpireTick: Int32Array;
}

/**
 * Turns the replica's changes into delivery events for the reward effects (issue 12: a
 * delivery should be seen, not just a number changing). The snapshot has no delivery
 * message, but a delivery is visible in it: a player's score rises and, in the same tick, a
 * house's order closes before its deadline (an expiry closes it only after). Each scorer is
 * matched with the nearest such house. Round starts and phase changes reset the memory, so a
 * score reset is not read as anything.
 */
export class DeliveryWatch {
  private readonly score: Int32Array;
  private readonly expire: Int32Array;
  private readonly closed: Uint8Array;
  private lastTick = -1;
  private lastRound = -1;
  private lastPhase = -1;

  constructor(maxPlayers: number, houseCount: number) {
    this.score = new Int32Array(maxPlayers);
    this.expire = new Int32Array(houseCount);
    this.closed = new Uint8Array(houseCount);
  }

  /** Compares `state` with the last one seen; appends any deliveries to `out` and returns how many. */
  update(city: City, state: DeliveryState, out: DeliveryEvent[]): number {
    if (state.tick === this.lastTick) return 0;
    const fresh = this.lastTick < 0 || state.round !== this.lastRound || state.phase !== this.lastPhase || state.tick < this.lastTick;
    let found = 0;
    if (!fresh && state.phase === Phase.Playing) {
      const houses = this.expire.length;
      let closedCount = 0;
      for (let h = 0; h < houses; h++) {
        const was = this.expire[h];
        // Expiry closes an order in the step of its expire tick, seen from snapshot expire + 1 on;
        // one closed while the snapshot's tick is still <= its expire tick was delivered.
        const delivered = was > 0 && state.orderExpireTick[h] === 0 && was >= state.tick;
        this.closed[h] = delivered ? 1 : 0;
        if (delivered) closedCount++;
      }
      for (let slot = 0; slot < state.maxPlayers; slot++) {
        const gained = state.score[slot] - this.score[slot];
        if (!state.active[slot] || gained <= 0) continue;
        const sx = state.px[slot] / POSITION_SCALE;
        const sy = state.py[slot] / POSITION_SCALE;
        let house = -1;
        let best = Number.POSITIVE_INFINITY;
        for (let h = 0; h < houses && closedCount > 0; h++) {
          if (!this.closed[h]) continue;
          const hx = tileCenterX(city, city.houses[h]) / POSITION_SCALE;
          const hy = tileCenterY(city, city.houses[h]) / POSITION_SCALE;
          const d = (hx - sx) * (hx - sx) + (hy - sy) * (hy - sy);
          if (d < best) {
            best = d;
            house = h;
          }
        }
        if (house >= 0) {
          this.closed[house] = 0;
          closedCount--;
        }
        out.push({
          slot,
          points: gained,
          house,
          x: house >= 0 ? tileCenterX(city, city.houses[house]) / POSITION_SCALE : sx,
          y: house >= 0 ? tileCenterY(city, city.houses[house]) / POSITION_SCALE : sy,
          tick: state.tick,
        });
        found++;
      }
    }
    this.score.set(state.score.subarray(0, this.score.length));
    this.expire.set(state.orderExpireTick.subarray(0, this.expire.length));
    this.lastTick = state.tick;
    this.lastRound = state.round;
    this.lastPhase = state.phase;
    return found;
  }
}
