import { Phase } from './constants';
import { nextInt, nextRandom } from './rng';
import type { World } from './world';

/** An order must be delivered within 25-40 s of being placed. */
const DEADLINE_MIN_SECONDS = 25;
const DEADLINE_SPREAD_SECONDS = 15;
/** Gap between orders for a room of up to 4 players: 1.5-4 s; larger rooms divide it by players/4. */
const GAP_MIN_SECONDS = 1.5;
const GAP_SPREAD_SECONDS = 2.5;
/** Open orders the city aims for: 5 per 8 players (2-3 per 4), never fewer than 3. */
const OPEN_PER_PLAYER_NUM = 5;
const OPEN_PER_PLAYER_DEN = 8;
const MIN_OPEN_ORDERS = 3;

/** Open orders the room aims to keep for this many active players. */
export function targetOpenOrders(activePlayers: number): number {
  return Math.max(MIN_OPEN_ORDERS, Math.ceil((activePlayers * OPEN_PER_PLAYER_NUM) / OPEN_PER_PLAYER_DEN));
}

/** Clears every open order (round start and end), without counting them as expired. */
export function clearOrders(world: World): void {
  world.orderExpireTick.fill(0);
  world.orderPlacedTick.fill(0);
}

/**
 * Expires overdue orders and places a new one when it is time and the city is below its
 * target. Only while playing; every random draw comes from the world's rng.
 */
export function updateOrders(world: World, activePlayers: number): void {
  if (world.phase !== Phase.Playing) return;
  const expire = world.orderExpireTick;
  const houses = expire.length;
  let open = 0;
  for (let h = 0; h < houses; h++) {
    if (expire[h] === 0) continue;
    if (world.tick >= expire[h]) {
      expire[h] = 0;
      world.orderPlacedTick[h] = 0;
      world.expiredTotal++;
    } else {
      open++;
    }
  }

  if (world.tick < world.nextOrderTick) return;
  const hz = world.config.tickRateHz;
  if (open < targetOpenOrders(activePlayers) && open < houses) {
    // The k-th house without an order, by index: a uniform pick with no scratch list.
    let k = nextInt(world, houses - open);
    for (let h = 0; h < houses; h++) {
      if (expire[h] !== 0) continue;
      if (k-- === 0) {
        const deadlineTicks = Math.round((DEADLINE_MIN_SECONDS + DEADLINE_SPREAD_SECONDS * nextRandom(world)) * hz);
        world.orderPlacedTick[h] = world.tick;
        expire[h] = world.tick + deadlineTicks;
        break;
      }
    }
  }
  const gapSeconds = ((GAP_MIN_SECONDS + GAP_SPREAD_SECONDS * nextRandom(world)) * 4) / Math.max(4, activePlayers);
  world.nextOrderTick = world.tick + Math.max(1, Math.round(gapSeconds * hz));
}
