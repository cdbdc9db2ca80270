import { Phase } from './constants';
import { nextInt, nextRandom } from './rng';
import { activePlayerCount } from './players';
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
/**
 * A house within this many tiles (Chebyshev) of a shop counts as near it: a loaded scooter
 * reaches it in a few seconds, so each shop gets one of the round's opening orders there.
 */
export const NEAR_SHOP_TILES = 7;

/** Open orders the room aims to keep for this many active players. */
export function targetOpenOrders(activePlayers: number): number {
  return Math.max(MIN_OPEN_ORDERS, Math.ceil((activePlayers * OPEN_PER_PLAYER_NUM) / OPEN_PER_PLAYER_DEN));
}

/** Clears every open order (round start and end), without counting them as expired. */
export function clearOrders(world: World): void {
  world.orderExpireTick.fill(0);
  world.orderPlacedTick.fill(0);
}

/** True when house h lies within NEAR_SHOP_TILES of shop tile `shop` (-1: any house qualifies). */
function houseNear(world: World, h: number, shop: number): boolean {
  if (shop < 0) return true;
  const w = world.city.widthTiles;
  const house = world.city.houses[h];
  const dx = (house % w) - (shop % w);
  const dy = Math.floor(house / w) - Math.floor(shop / w);
  return Math.max(Math.abs(dx), Math.abs(dy)) <= NEAR_SHOP_TILES;
}

/**
 * Opens an order at a uniformly chosen house without one, among those near `shop` (a shop
 * tile; -1 = anywhere; none near: anywhere). False when every house has an order. Two passes
 * over the houses, no scratch list; every draw comes from the world's rng.
 */
function placeOrder(world: World, shop: number): boolean {
  const expire = world.orderExpireTick;
  const houses = expire.length;
  let free = 0;
  let near = 0;
  for (let h = 0; h < houses; h++) {
    if (expire[h] !== 0) continue;
    free++;
    if (houseNear(world, h, shop)) near++;
  }
  if (free === 0) return false;
  const within = near > 0 ? shop : -1;
  // The k-th qualifying house without an order, by index: a uniform pick.
  let k = nextInt(world, near > 0 ? near : free);
  for (let h = 0; h < houses; h++) {
    if (expire[h] !== 0 || !houseNear(world, h, within)) continue;
    if (k-- === 0) {
      const deadlineTicks = Math.round((DEADLINE_MIN_SECONDS + DEADLINE_SPREAD_SECONDS * nextRandom(world)) * world.config.tickRateHz);
      world.orderPlacedTick[h] = world.tick;
      expire[h] = world.tick + deadlineTicks;
      return true;
    }
  }
  return false;
}

function scheduleNextOrder(world: World, activePlayers: number): void {
  const gapSeconds = ((GAP_MIN_SECONDS + GAP_SPREAD_SECONDS * nextRandom(world)) * 4) / Math.max(4, activePlayers);
  world.nextOrderTick = world.tick + Math.max(1, Math.round(gapSeconds * world.config.tickRateHz));
}

/**
 * The round's opening orders, all at once (issue 12: a new player needs a target within
 * seconds, not one order now and the next in a few seconds, far away): the room's whole
 * target, the first near each shop, where every scooter spawns and loads up, the rest
 * anywhere. Then the usual pace resumes.
 */
export function openRoundOrders(world: World): void {
  const players = activePlayerCount(world);
  const target = Math.min(targetOpenOrders(players), world.orderExpireTick.length);
  const shops = world.city.shops;
  let placed = 0;
  for (let s = 0; s < shops.length && placed < target; s++) if (placeOrder(world, shops[s])) placed++;
  while (placed < target && placeOrder(world, -1)) placed++;
  scheduleNextOrder(world, players);
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
  if (open < targetOpenOrders(activePlayers) && open < houses) placeOrder(world, -1);
  scheduleNextOrder(world, activePlayers);
}
