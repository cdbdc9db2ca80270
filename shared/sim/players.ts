import { HEADING_STEPS } from './constants';
import { isSolidTile, tileAt, tileCenterX, tileCenterY, type City } from './city';
import { circleHitsSolid } from './tile-collision';
import { clearPlayerSlot, CONTROL_FIELD_NAMES, PLAYER_FIELD_NAMES } from './player-fields';
import type { World } from './world';

/** Second and later occupants of a spawn tile park this far (position quanta) along the road from its centre. */
const SPAWN_SHARE_OFFSET = 80;
/** How far ahead (tiles) a spawn looks for open road when choosing which way to face. */
const LOOK_AHEAD_TILES = 8;
/** A north-south spawn faces north when at least this much road lies ahead that way. */
const NORTH_RUN_TILES = 2;

/** Drivable tiles straight ahead of (tx, ty) in direction (dx, dy), up to LOOK_AHEAD_TILES. */
function runAhead(city: City, tx: number, ty: number, dx: number, dy: number): number {
  let n = 0;
  while (n < LOOK_AHEAD_TILES && !isSolidTile(tileAt(city, tx + dx * (n + 1), ty + dy * (n + 1)))) n++;
  return n;
}

/**
 * Puts a player in a slot, parked on a spawn tile near a shop (city.spawns) and facing along
 * the road: up the screen on a north-south road unless that is a dead end (so the first press
 * of "up" rides up, whatever the steering), east or west toward the longer open stretch on an
 * east-west one. The spawn is chosen by slot (not the rng) so joining never shifts the room's
 * random stream; two slots that share a tile get pushed apart by player collisions.
 */
export function addPlayer(world: World, slot: number): void {
  const { city } = world;
  const tile = city.spawns[slot % city.spawns.length];
  const tx = tile % city.widthTiles;
  const ty = (tile - tx) / city.widthTiles;
  const east = runAhead(city, tx, ty, 1, 0);
  const west = runAhead(city, tx, ty, -1, 0);
  const north = runAhead(city, tx, ty, 0, -1);
  const south = runAhead(city, tx, ty, 0, 1);
  // A straight stretch has road on one axis only; at a crossing (a fallback spawn) the axis with
  // more road wins, north-south when there is room to ride up.
  const eastWest = east + west > 0 && (north + south === 0 || (east + west > north + south && north < NORTH_RUN_TILES));
  const quarter = HEADING_STEPS / 4;
  const heading = eastWest ? (east >= west ? 0 : 2 * quarter) : north >= NORTH_RUN_TILES || north >= south ? 3 * quarter : quarter;
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
 * the resume grace period; what they held (buttons, steer) clears so the scooter coasts to a stop.
 */
export function setConnected(world: World, slot: number, connected: boolean): void {
  world.connected[slot] = connected ? 1 : 0;
  if (!connected) clearPlayerSlot(world, CONTROL_FIELD_NAMES, slot);
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
