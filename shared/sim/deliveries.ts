import { MAX_CARRY, Phase } from './constants';
import { tileCenterX, tileCenterY } from './city';
import type { World } from './world';

/** Points for any delivery, plus up to SPEED_BONUS_MAX for the share of the deadline left. */
export const DELIVERY_POINTS = 100;
export const SPEED_BONUS_MAX = 100;

function within(dx: number, dy: number, reach: number): boolean {
  return dx * dx + dy * dy <= reach * reach;
}

/**
 * Pickups and deliveries for every active scooter, in slot order (the lower slot wins a house
 * two scooters reach on the same tick). Pickup is instant: reaching a shop fills the scooter to
 * MAX_CARRY at once, so there is no per-player loading timer to keep in the state.
 */
export function updateDeliveries(world: World): void {
  if (world.phase !== Phase.Playing) return;
  const { city, active, px, py, carrying } = world;
  const reach = world.params.reach;
  const expire = world.orderExpireTick;
  for (let slot = 0; slot < world.maxPlayers; slot++) {
    if (!active[slot]) continue;
    const x = px[slot];
    const y = py[slot];
    if (carrying[slot] < MAX_CARRY) {
      for (let s = 0; s < city.shops.length; s++) {
        const shop = city.shops[s];
        if (within(tileCenterX(city, shop) - x, tileCenterY(city, shop) - y, reach)) {
          carrying[slot] = MAX_CARRY;
          break;
        }
      }
    }
    for (let h = 0; h < city.houses.length && carrying[slot] > 0; h++) {
      if (expire[h] === 0) continue;
      const house = city.houses[h];
      if (!within(tileCenterX(city, house) - x, tileCenterY(city, house) - y, reach)) continue;
      const placed = world.orderPlacedTick[h];
      const deadlineTicks = expire[h] - placed;
      const leftTicks = expire[h] - world.tick;
      const bonus = deadlineTicks > 0 ? Math.round((SPEED_BONUS_MAX * leftTicks) / deadlineTicks) : 0;
      world.score[slot] += DELIVERY_POINTS + bonus;
      world.deliveries[slot]++;
      world.deliveredTotal++;
      carrying[slot]--;
      expire[h] = 0;
      world.orderPlacedTick[h] = 0;
    }
  }
}
