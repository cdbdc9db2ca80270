import { HEADING_STEPS, Tile } from './constants';
import { tileAt, tileCenterX, tileCenterY } from './city';
import { circleHitsSolid } from './tile-collision';
import { clearPlayerSlot, PLAYER_FIELD_NAMES } from './player-fields';
import type { World } from './world';

/** Second and later occupants of a spawn tile park this far (position quanta) along the road from its centre. */
const SPAWN_SHARE_OFFSET = 80;

/**
 * Puts a player in a slot, parked on a spawn tile near a shop and facing along the road.
 * The spawn is chosen by slot (not the rng) so joining never shifts the room's random stream;
 * two slots that share a tile get pushed apart by player collisions on the next tick.
 */
export function addPlayer(world: World, slot: number): void {
  const { city } = world;
  const tile = city.spawns[slot % city.spawns.length];
  const tx = tile % city.widthTiles;
  const ty = (tile - tx) / city.widthTiles;
  const eastWest = tileAt(city, tx + 1, ty) === Tile.Road || tileAt(city, tx - 1, ty) === Tile.Road;
  // Alternate directions so neighbours on the same road do not all face the same way.
  const quarter = HEADING_STEPS / 4;
  const heading = (eastWest ? 0 : quarter) + (slot & 1 ? 2 * quarter : 0);
  // More players than spawn tiles: later laps park forward or back along the road, so two
  // scooters never start on the exact same spot.
  const lap = Math.floor(slot / city.spawns.length);
  const along = lap === 0 ? 0 : lap % 2 === 1 ? SPAWN_SHARE_OFFSET : -SPAWN_SHARE_OFFSET;
  let x = tileCenterX(city, tile);
  let y = tileCenterY(city, tile);
  const sx = eastWest ? x + along : x;
  const sy = eastWest ? y : y + along;
  if (!circleHitsSolid(city, sx, sy, world.params.radius)) {
    x = sx;
    y = sy;
  } else if (!circleHitsSolid(city, eastWest ? x - along : x, eastWest ? y : y - along, world.params.radius)) {
    x = eastWest ? x - along : x;
    y = eastWest ? y : y - along;
  }
  clearPlayerSlot(world, PLAYER_FIELD_NAMES, slot);
  world.active[slot] = 1;
  world.connected[slot] = 1;
  world.px[slot] = x;
  world.py[slot] = y;
  world.heading[slot] = heading;
}

/** Frees a slot and zeroes every field, so a later joiner starts clean. */
export function removePlayer(world: World, slot: number): void {
  clearPlayerSlot(world, PLAYER_FIELD_NAMES, slot);
}

/**
 * Marks a player's connection up or down. A dropped player keeps scooter, score and pizzas for
 * the resume grace period; their buttons clear so the scooter coasts to a stop.
 */
export function setConnected(world: World, slot: number, connected: boolean): void {
  world.connected[slot] = connected ? 1 : 0;
  if (!connected) world.buttons[slot] = 0;
}

/** Lowest free slot, or -1 when the room is full. */
export function findFreeSlot(world: World): number {
  for (let slot = 0; slot < world.maxPlayers; slot++) if (!world.active[slot]) return slot;
  return -1;
}

export function activePlayerCount(world: World): number {
  let n = 0;
  for (let slot = 0; slot < world.maxPlayers; slot++) n += world.active[slot];
  return n;
}
