import { POSITION_SCALE, Tile, TILE_SIZE } from './constants';
import { nextInt, type RngHolder } from './rng';

/** The city map: a tile grid plus the special tiles the rules refer to. */
export interface City {
  readonly widthTiles: number;
  readonly heightTiles: number;
  /** Tile per cell, row-major (index = ty * widthTiles + tx). */
  readonly tiles: Uint8Array;
  /** Tile indices of the pizza shops. */
  readonly shops: Uint16Array;
  /** Tile indices of the houses; order arrays in World are indexed by position in this list. */
  readonly houses: Uint16Array;
  /** Road tile indices to spawn scooters on: straight stretches near a shop, north-south ones first. */
  readonly spawns: Uint16Array;
}

export const CITY_WIDTH_TILES = 40;
export const CITY_HEIGHT_TILES = 30;
/** Houses wanted; fewer when the blocks have too few road-facing tiles. */
const TARGET_HOUSES = 40;
const SHOP_COUNT = 2;
/** Road segments turned into buildings, for a less regular grid (kept only if the map stays connected). */
const CLOSED_SEGMENT_TRIES = 5;
const PARK_BLOCKS = 3;
/** Spawn tiles are road tiles within this many steps of a shop's door ... */
const SPAWN_RADIUS_TILES = 5;
/** ... and at least this many: the shop is the first short ride, not where you already are. */
const SPAWN_MIN_STEPS = 2;
/** Fewer good spawn tiles than this and the rules relax (players share tiles beyond it anyway). */
const MIN_SPAWNS = 8;
const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;

/** The tile at (tx, ty); everything outside the map is a building, so map edges are walls. */
export function tileAt(city: City, tx: number, ty: number): Tile {
  if (tx < 0 || ty < 0 || tx >= city.widthTiles || ty >= city.heightTiles) return Tile.Building;
  return city.tiles[ty * city.widthTiles + tx] as Tile;
}

/** Buildings, houses and shops are solid; roads and parks are drivable. */
export function isSolidTile(tile: number): boolean {
  return tile === Tile.Building || tile === Tile.House || tile === Tile.Shop;
}

/** X of a tile's centre, position quanta. */
export function tileCenterX(city: City, tileIndex: number): number {
  return (tileIndex % city.widthTiles) * TILE_QUANTA + (TILE_QUANTA >> 1);
}

/** Y of a tile's centre, position quanta. */
export function tileCenterY(city: City, tileIndex: number): number {
  return Math.floor(tileIndex / city.widthTiles) * TILE_QUANTA + (TILE_QUANTA >> 1);
}

/** Road lines from 0 to size-1, 4-6 tiles apart, so blocks are 3-8 tiles deep. */
function roadLines(rng: RngHolder, size: number): number[] {
  const lines = [0];
  let at = 0;
  for (;;) {
    const next = at + 4 + nextInt(rng, 3);
    if (size - 1 - next < 4) break;
    lines.push(next);
    at = next;
  }
  lines.push(size - 1);
  return lines;
}

function isDrivable(tiles: Uint8Array, i: number): boolean {
  return !isSolidTile(tiles[i]);
}

/** Number of drivable tiles reachable from the first drivable tile, and the total drivable count. */
function connectivity(tiles: Uint8Array, w: number, h: number): { reached: number; total: number } {
  const seen = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  let total = 0;
  let start = -1;
  for (let i = 0; i < tiles.length; i++) {
    if (isDrivable(tiles, i)) {
      total++;
      if (start < 0) start = i;
    }
  }
  if (start < 0) return { reached: 0, total };
  let head = 0;
  let tail = 0;
  queue[tail++] = start;
  seen[start] = 1;
  while (head < tail) {
    const i = queue[head++];
    const x = i % w;
    const y = (i - x) / w;
    const near = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
    for (const n of near) {
      if (n >= 0 && !seen[n] && isDrivable(tiles, n)) {
        seen[n] = 1;
        queue[tail++] = n;
      }
    }
  }
  return { reached: tail, total };
}

function hasDrivableNeighbour(tiles: Uint8Array, w: number, h: number, i: number): boolean {
  const x = i % w;
  const y = (i - x) / w;
  return (
    (x > 0 && isDrivable(tiles, i - 1)) ||
    (x < w - 1 && isDrivable(tiles, i + 1)) ||
    (y > 0 && isDrivable(tiles, i - w)) ||
    (y < h - 1 && isDrivable(tiles, i + w))
  );
}

function shuffle(rng: RngHolder, list: number[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = nextInt(rng, i + 1);
    const t = list[i];
    list[i] = list[j];
    list[j] = t;
  }
}

/** True when no tile in `taken` lies within `minGap` tiles (Chebyshev) of tile i. */
function farFromAll(w: number, i: number, taken: number[], minGap: number): boolean {
  const x = i % w;
  const y = (i - x) / w;
  for (const t of taken) {
    const tx = t % w;
    const ty = (t - tx) / w;
    if (Math.max(Math.abs(tx - x), Math.abs(ty - y)) < minGap) return false;
  }
  return true;
}

/**
 * Builds the city for a room. Deterministic from the seed alone (its own rng, so generating a
 * city never disturbs the world's random stream). Runs once per room, so it may allocate.
 */
export function generateCity(seed: number): City {
  const rng: RngHolder = { rngState: (seed ^ 0x5eed_c17) | 0 };
  const w = CITY_WIDTH_TILES;
  const h = CITY_HEIGHT_TILES;
  const tiles = new Uint8Array(w * h).fill(Tile.Building);
  const cols = roadLines(rng, w);
  const rows = roadLines(rng, h);
  for (const x of cols) for (let y = 0; y < h; y++) tiles[y * w + x] = Tile.Road;
  for (const y of rows) for (let x = 0; x < w; x++) tiles[y * w + x] = Tile.Road;

  // A few whole blocks become parks: open ground to cut across.
  for (let p = 0; p < PARK_BLOCKS; p++) {
    const bx = nextInt(rng, cols.length - 1);
    const by = nextInt(rng, rows.length - 1);
    for (let y = rows[by] + 1; y < rows[by + 1]; y++) {
      for (let x = cols[bx] + 1; x < cols[bx + 1]; x++) tiles[y * w + x] = Tile.Park;
    }
  }

  // Close some interior road segments between two crossings; undo any closure that splits the map.
  for (let k = 0; k < CLOSED_SEGMENT_TRIES; k++) {
    const vertical = nextInt(rng, 2) === 0;
    const lines = vertical ? cols : rows;
    const across = vertical ? rows : cols;
    if (lines.length < 3) continue;
    const line = lines[1 + nextInt(rng, lines.length - 2)];
    const seg = nextInt(rng, across.length - 1);
    const cells: number[] = [];
    for (let a = across[seg] + 1; a < across[seg + 1]; a++) cells.push(vertical ? a * w + line : line * w + a);
    const before = cells.map((i) => tiles[i]);
    for (const i of cells) tiles[i] = Tile.Building;
    const { reached, total } = connectivity(tiles, w, h);
    if (reached !== total) cells.forEach((i, n) => (tiles[i] = before[n]));
  }

  const fronts: number[] = [];
  for (let i = 0; i < tiles.length; i++) {
    if (tiles[i] === Tile.Building && hasDrivableNeighbour(tiles, w, h, i)) fronts.push(i);
  }
  shuffle(rng, fronts);

  // One shop in each half, away from the map edge, so both sides of town have a pizza source.
  const shops: number[] = [];
  for (let s = 0; s < SHOP_COUNT; s++) {
    const lo = (w * s) / SHOP_COUNT;
    const hi = (w * (s + 1)) / SHOP_COUNT;
    const shop = fronts.find((i) => {
      const x = i % w;
      const y = (i - x) / w;
      return x >= lo + 3 && x < hi - 3 && y >= 6 && y < h - 6;
    });
    if (shop !== undefined) {
      shops.push(shop);
      tiles[shop] = Tile.Shop;
    }
  }

  const houses: number[] = [];
  for (const i of fronts) {
    if (houses.length >= TARGET_HOUSES) break;
    if (tiles[i] !== Tile.Building) continue;
    if (!farFromAll(w, i, shops, 3) || !farFromAll(w, i, houses, 2)) continue;
    houses.push(i);
    tiles[i] = Tile.House;
  }
  houses.sort((a, b) => a - b);

  return {
    widthTiles: w,
    heightTiles: h,
    tiles,
    shops: Uint16Array.from(shops),
    houses: Uint16Array.from(houses),
    spawns: spawnTiles(tiles, w, h, shops),
  };
}

/** 'ns' or 'ew' for a road tile with road ahead and behind on one axis only (a straight stretch), else null. */
function straightAxis(tiles: Uint8Array, w: number, h: number, i: number): 'ns' | 'ew' | null {
  const x = i % w;
  const y = (i - x) / w;
  const open = (tx: number, ty: number) => tx >= 0 && ty >= 0 && tx < w && ty < h && isDrivable(tiles, ty * w + tx);
  const ew = open(x - 1, y) && open(x + 1, y);
  const ns = open(x, y - 1) && open(x, y + 1);
  const side = open(x - 1, y) || open(x + 1, y);
  const vertical = open(x, y - 1) || open(x, y + 1);
  if (ns && !side) return 'ns';
  if (ew && !vertical) return 'ew';
  return null;
}

/**
 * Where scooters start (issue 12: the first ten seconds). Road tiles 2..SPAWN_RADIUS_TILES
 * steps from a shop, in BFS order: close enough that the shop is the obvious first ride, not
 * on its doorstep (reach would load the scooter before the player did anything, and the shop's
 * label would sit on the scooter). Only straight stretches, so "along the road" has one
 * meaning, and never right above a house or shop: their labels and order bubbles hang into
 * the tiles above them. North-south stretches come first, so most players start facing up the
 * screen with road ahead. Falls back to any road tile near a shop on a map too cramped for that.
 */
function spawnTiles(tiles: Uint8Array, w: number, h: number, shops: number[]): Uint16Array {
  const dist = new Int32Array(w * h).fill(-1);
  const queue: number[] = [];
  for (const s of shops) {
    dist[s] = 0;
    queue.push(s);
  }
  const near: number[] = [];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    if (dist[i] >= SPAWN_RADIUS_TILES) continue;
    const x = i % w;
    const y = (i - x) / w;
    const next = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1];
    for (const n of next) {
      if (n < 0 || dist[n] >= 0 || tiles[n] !== Tile.Road) continue;
      dist[n] = dist[i] + 1;
      queue.push(n);
      near.push(n);
    }
  }
  // A shop's label is wider than its tile (it hangs over the tiles above-left and above-right
  // too); a house's order bubble is as wide as the house.
  const under = (i: number, dx: number, kind: Tile) => {
    const x = (i % w) + dx;
    return i + w < w * h && x >= 0 && x < w && tiles[i + w + dx] === kind;
  };
  const clearBelow = (i: number) => !under(i, 0, Tile.House) && !under(i, -1, Tile.Shop) && !under(i, 0, Tile.Shop) && !under(i, 1, Tile.Shop);
  // Not even diagonally beside a shop: beside it, the scooter looks parked at the shop already.
  const offShop = (i: number) => shops.every((shop) => Math.max(Math.abs((shop % w) - (i % w)), Math.abs(Math.floor(shop / w) - Math.floor(i / w))) >= SPAWN_MIN_STEPS);
  const good = near.filter((i) => dist[i] >= SPAWN_MIN_STEPS && offShop(i) && clearBelow(i));
  const vertical = good.filter((i) => straightAxis(tiles, w, h, i) === 'ns');
  const horizontal = good.filter((i) => straightAxis(tiles, w, h, i) === 'ew');
  const out = [...vertical, ...horizontal];
  if (out.length < MIN_SPAWNS) for (const i of near) if (!out.includes(i) && dist[i] >= SPAWN_MIN_STEPS) out.push(i);
  if (out.length < MIN_SPAWNS) for (const i of near) if (!out.includes(i)) out.push(i);
  // Never empty: a map without a reachable shop still needs somewhere to put scooters.
  if (out.length === 0) out.push(tiles.indexOf(Tile.Road));
  return Uint16Array.from(out);
}
