import { MAX_CARRY, Phase } from './constants';
import { cityLookup, lookupRow } from './city-lookup';
import type { World } from './world';

/** Points for any delivery, plus up to SPEED_BONUS_MAX for the share of the deadline left. */
export const DELIVERY_POINTS = 100;
export const SPEED_BONUS_MAX = 100;

/**
 * Pickups and deliveries for every active scooter, in slot order (the lower slot wins a house
 * two scooters reach on the same tick). Pickup is instant: reaching a shop fills the scooter to
 * MAX_CARRY at once, so there is no per-player loading timer to keep in the state.
 */
export function updateDeliveries(world: World): void {
  if (world.phase !== Phase.Playing) return;
  const { city, active, px, py, carrying, score, deliveries, orderPlacedTick } = world;
  const reach = world.params.reach;
  const reach2 = reach * reach;
  const expire = world.orderExpireTick;
  // Only the shops and houses that can be in reach from the scooter's tile are checked.
  const look = cityLookup(city, reach);
  const { shopStart, shopList, shopX, shopY, houseStart, houseList, houseX, houseY } = look;
  for (let slot = 0; slot < world.maxPlayers; slot++) {
    if (!active[slot]) continue;
    const x = px[slot];
    const y = py[slot];
    const row = lookupRow(city, x, y);
    if (carrying[slot] < MAX_CARRY) {
      for (let k = shopStart[row], end = shopStart[row + 1]; k < end; k++) {
        const s = shopList[k];
        const dx = shopX[s] - x;
        const dy = shopY[s] - y;
        if (dx * dx + dy * dy <= reach2) {
          carrying[slot] = MAX_CARRY;
          break;
        }
      }
    }
    for (let k = houseStart[row], end = houseStart[row + 1]; k < end && carrying[slot] > 0; k++) {
      const h = houseList[k];
      if (expire[h] === 0) continue;
      const dx = houseX[h] - x;
      const dy = houseY[h] - y;
      if (dx * dx + dy * dy > reach2) continue;
      const placed = orderPlacedTick[h];
      const deadlineTicks = expire[h] - placed;
      const leftTicks = expire[h] - world.tick;
      const bonus = deadlineTicks > 0 ? Math.round((SPEED_BONUS_MAX * leftTicks) / deadlineTicks) : 0;
      score[slot] += DELIVERY_POINTS + bonus;
      deliveries[slot]++;
      world.deliveredTotal++;
      carrying[slot]--;
      expire[h] = 0;
      orderPlacedTick[h] = 0;
    }
  }
}
