import { describe, expect, it } from 'vitest';
import { HEADING_STEPS, Phase, POSITION_SCALE, Tile, TILE_SIZE } from './constants';
import { isSolidTile, tileAt, tileCenterX, tileCenterY, type City } from './city';
import { NEAR_SHOP_TILES, targetOpenOrders } from './orders';
import { addPlayer } from './players';
import { step } from './step';
import { makeWorld } from './test-helpers';
import { createInputFrame, type World } from './world';

/**
 * Issue 12, "the first ten seconds": where a scooter starts, which way it faces, and whether
 * there is something to do at once. Geometry in world units (pixels at zoom 1), as drawn.
 */
const SEEDS = [1, 2, 3, 5, 21, 42, 1234, 99999, -7, 0x7fffffff];
const TQ = TILE_SIZE * POSITION_SCALE;
const NORTH = (HEADING_STEPS * 3) / 4;
/** client/scenes/textures.ts: the scooter's body and wheels are 30 x 22 around its centre, drawn facing east. */
const SCOOTER_HALF_LENGTH = 15;
const SCOOTER_HALF_WIDTH = 11;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
/** What GameScene draws over a shop: its label, bottom 24 above the centre, ~60 x 18. */
function shopLabel(city: City, shop: number): Box {
  const x = tileCenterX(city, shop) / POSITION_SCALE;
  const y = tileCenterY(city, shop) / POSITION_SCALE;
  return { left: x - 30, right: x + 30, top: y - 24 - 18, bottom: y - 24 };
}
/** ... and over a house with an order: the bubble, centred 22 above, radius 15 plus its tail. */
function orderBubble(city: City, house: number): Box {
  const x = tileCenterX(city, house) / POSITION_SCALE;
  const y = tileCenterY(city, house) / POSITION_SCALE;
  return { left: x - 16, right: x + 16, top: y - 22 - 16, bottom: y - 2 };
}

function run(city: City, tx: number, ty: number, dx: number, dy: number): number {
  let n = 0;
  while (n < 8 && !isSolidTile(tileAt(city, tx + dx * (n + 1), ty + dy * (n + 1)))) n++;
  return n;
}

/** Road steps (4-neighbour BFS over drivable tiles) from a tile to the nearest tile beside any of `targets`. */
function stepsToBeside(city: City, from: number, targets: readonly number[]): number {
  const w = city.widthTiles;
  const goal = new Set<number>();
  for (const t of targets) {
    const x = t % w;
    const y = (t - x) / w;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) if (!isSolidTile(tileAt(city, x + dx, y + dy))) goal.add((y + dy) * w + x + dx);
  }
  const dist = new Map<number, number>([[from, 0]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    if (goal.has(i)) return dist.get(i)!;
    const x = i % w;
    const y = (i - x) / w;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const n = (y + dy) * w + x + dx;
      if (isSolidTile(tileAt(city, x + dx, y + dy)) || dist.has(n)) continue;
      dist.set(n, dist.get(i)! + 1);
      queue.push(n);
    }
  }
  return Number.POSITIVE_INFINITY;
}

function tileOf(world: World, slot: number): number {
  return Math.floor(world.py[slot] / TQ) * world.city.widthTiles + Math.floor(world.px[slot] / TQ);
}

describe('spawning (issue 12)', () => {
  it.each(SEEDS)('seed %i: every first-lap spawn is on a road, off the shop, facing along the road, clear of labels', (seed) => {
    const world = makeWorld(seed);
    const { city } = world;
    expect(city.spawns.length).toBeGreaterThanOrEqual(8);
    for (let slot = 0; slot < Math.min(world.maxPlayers, city.spawns.length); slot++) {
      addPlayer(world, slot);
      const tile = tileOf(world, slot);
      expect(city.tiles[tile], `slot ${slot}`).toBe(Tile.Road);
      const tx = tile % city.widthTiles;
      const ty = (tile - tx) / city.widthTiles;
      // Not on the shop's doorstep, not even diagonally: out of pickup reach, a ride away.
      for (const shop of city.shops) {
        const w = city.widthTiles;
        expect(Math.max(Math.abs((shop % w) - tx), Math.abs(Math.floor(shop / w) - ty)), `slot ${slot} beside a shop`).toBeGreaterThanOrEqual(2);
        const d = Math.hypot(tileCenterX(city, shop) - world.px[slot], tileCenterY(city, shop) - world.py[slot]);
        expect(d, `slot ${slot} to shop`).toBeGreaterThan(world.params.reach);
      }
      // Facing along the road, with road ahead.
      const h = world.heading[slot];
      expect([0, 1024, 2048, 3072]).toContain(h);
      const dir = [[1, 0], [0, 1], [-1, 0], [0, -1]][h / 1024];
      expect(run(city, tx, ty, dir[0], dir[1]), `slot ${slot} road ahead`).toBeGreaterThanOrEqual(1);
      expect(isSolidTile(tileAt(city, tx + dir[1], ty + dir[0])) && isSolidTile(tileAt(city, tx - dir[1], ty - dir[0])), `slot ${slot} straight road`).toBe(true);
      // No shop label or order bubble over the scooter.
      const x = world.px[slot] / POSITION_SCALE;
      const y = world.py[slot] / POSITION_SCALE;
      const across = h === 0 || h === 2048 ? SCOOTER_HALF_LENGTH : SCOOTER_HALF_WIDTH;
      const upDown = h === 0 || h === 2048 ? SCOOTER_HALF_WIDTH : SCOOTER_HALF_LENGTH;
      const scooter = { left: x - across, right: x + across, top: y - upDown, bottom: y + upDown };
      for (const shop of city.shops) expect(overlaps(scooter, shopLabel(city, shop)), `slot ${slot} under a shop label`).toBe(false);
      for (let house = 0; house < city.houses.length; house++) expect(overlaps(scooter, orderBubble(city, city.houses[house])), `slot ${slot} under an order bubble`).toBe(false);
    }
  });

  it.each(SEEDS)('seed %i: the first player faces up the screen with road ahead, so "up" rides up', (seed) => {
    const world = makeWorld(seed);
    addPlayer(world, 0);
    const tile = tileOf(world, 0);
    const tx = tile % world.city.widthTiles;
    expect(world.heading[0]).toBe(NORTH);
    expect(run(world.city, tx, (tile - tx) / world.city.widthTiles, 0, -1)).toBeGreaterThanOrEqual(2);
  });

  it('a full room still starts every scooter on a road, two per tile at most', () => {
    const world = makeWorld(42);
    for (let slot = 0; slot < world.maxPlayers; slot++) addPlayer(world, slot);
    const perTile = new Map<number, number>();
    for (let slot = 0; slot < world.maxPlayers; slot++) {
      const tile = tileOf(world, slot);
      expect(isSolidTile(world.city.tiles[tile])).toBe(false);
      perTile.set(tile, (perTile.get(tile) ?? 0) + 1);
    }
    expect(Math.max(...perTile.values())).toBeLessThanOrEqual(2);
  });
});

describe('the opening orders (issue 12)', () => {
  const frame = createInputFrame(40);

  it.each([1, 3, 8, 20, 40])('%i players: the round opens with its whole target of orders, one near each shop', (players) => {
    for (const seed of SEEDS) {
      const world = makeWorld(seed);
      for (let slot = 0; slot < players; slot++) addPlayer(world, slot);
      step(world, frame);
      expect(world.phase).toBe(Phase.Playing);
      const open = Array.from(world.orderExpireTick.keys()).filter((h) => world.orderExpireTick[h] > world.tick);
      expect(open.length, `seed ${seed}`).toBe(targetOpenOrders(players));
      const w = world.city.widthTiles;
      for (const shop of world.city.shops) {
        const near = open.some((h) => {
          const house = world.city.houses[h];
          return Math.max(Math.abs((house % w) - (shop % w)), Math.abs(Math.floor(house / w) - Math.floor(shop / w))) <= NEAR_SHOP_TILES;
        });
        expect(near, `seed ${seed}, shop ${shop}`).toBe(true);
      }
    }
  });

  it('every player has a target within ~10 s of riding from the spawn: to the shop, then to an order', () => {
    // Top speed is 190 units/s, ~5.9 tiles/s; count a tile as 1.5 tiles' time for turns and
    // getting up to speed, so 10 s is ~40 road tiles.
    const maxSteps = Math.floor(((190 / TILE_SIZE) * 10) / 1.5);
    for (const seed of SEEDS) {
      for (const players of [1, 4, 20]) {
        const world = makeWorld(seed);
        for (let slot = 0; slot < players; slot++) addPlayer(world, slot);
        step(world, frame);
        const { city } = world;
        const open = Array.from(world.orderExpireTick.keys()).filter((h) => world.orderExpireTick[h] > world.tick).map((h) => city.houses[h]);
        for (let slot = 0; slot < players; slot++) {
          const spawn = tileOf(world, slot);
          let best = Number.POSITIVE_INFINITY;
          for (const shop of city.shops) {
            const toShop = stepsToBeside(city, spawn, [shop]);
            const w = city.widthTiles;
            const beside = [shop + 1, shop - 1, shop + w, shop - w].filter((t) => !isSolidTile(city.tiles[t]));
            const toOrder = Math.min(...beside.map((b) => stepsToBeside(city, b, open)));
            best = Math.min(best, toShop + toOrder);
          }
          expect(best, `seed ${seed}, ${players} players, slot ${slot}`).toBeLessThanOrEqual(maxSteps);
        }
      }
    }
  });

  it('is deterministic: the same seed and players give the same opening orders', () => {
    const a = makeWorld(77);
    const b = makeWorld(77);
    for (const w of [a, b]) {
      for (let slot = 0; slot < 6; slot++) addPlayer(w, slot);
      step(w, frame);
    }
    expect(Array.from(a.orderExpireTick)).toEqual(Array.from(b.orderExpireTick));
    expect(a.rngState).toBe(b.rngState);
  });
});
