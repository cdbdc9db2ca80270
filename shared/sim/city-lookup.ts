import { POSITION_SCALE, TILE_SIZE } from './constants';
import { tileCenterX, tileCenterY, type City } from './city';

const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;

/**
 * Per-city tables the tick reads instead of scanning every shop and house per scooter
 * (issue #3: updateDeliveries was ~15% of the tick). Built once per city and reach, never
 * part of the world state. Candidate lists are conservative: a shop or house is listed for a
 * tile when its centre is within reach of some point of that tile, and the caller still does
 * the exact distance check, so results match a full scan.
 */
export interface CityLookup {
  readonly city: City;
  readonly reach: number;
  /** Shop / house centres, position quanta, by index into city.shops / city.houses. */
  readonly shopX: Int32Array;
  readonly shopY: Int32Array;
  readonly houseX: Int32Array;
  readonly houseY: Int32Array;
  /**
   * Compressed rows: candidates of tile t are list[start[t]] .. list[start[t+1]-1], in
   * ascending index order. Row widthTiles*heightTiles (the "outside" row) lists them all,
   * for a position off the map.
   */
  readonly shopStart: Int32Array;
  readonly shopList: Uint16Array;
  readonly houseStart: Int32Array;
  readonly houseList: Uint16Array;
}

/** One lookup per city, rebuilt only if asked for another reach. */
const lookups = new WeakMap<City, CityLookup>();

export function cityLookup(city: City, reach: number): CityLookup {
  let lookup = lookups.get(city);
  if (lookup === undefined || lookup.reach !== reach) {
    lookup = buildLookup(city, reach);
    lookups.set(city, lookup);
  }
  return lookup;
}

/** Row of the tile under a position, or the "outside" row. */
export function lookupRow(city: City, x: number, y: number): number {
  const tx = Math.floor(x / TILE_QUANTA);
  const ty = Math.floor(y / TILE_QUANTA);
  const w = city.widthTiles;
  const h = city.heightTiles;
  return tx >= 0 && ty >= 0 && tx < w && ty < h ? ty * w + tx : w * h;
}

function buildLookup(city: City, reach: number): CityLookup {
  const shopX = new Int32Array(city.shops.length);
  const shopY = new Int32Array(city.shops.length);
  for (let s = 0; s < city.shops.length; s++) {
    shopX[s] = tileCenterX(city, city.shops[s]);
    shopY[s] = tileCenterY(city, city.shops[s]);
  }
  const houseX = new Int32Array(city.houses.length);
  const houseY = new Int32Array(city.houses.length);
  for (let h = 0; h < city.houses.length; h++) {
    houseX[h] = tileCenterX(city, city.houses[h]);
    houseY[h] = tileCenterY(city, city.houses[h]);
  }
  const shops = candidates(city, reach, shopX, shopY);
  const houses = candidates(city, reach, houseX, houseY);
  return {
    city,
    reach,
    shopX,
    shopY,
    houseX,
    houseY,
    shopStart: shops.start,
    shopList: shops.list,
    houseStart: houses.start,
    houseList: houses.list,
  };
}

/** Per tile (plus the outside row), the points whose centre lies within reach of the tile's closed square. */
function candidates(city: City, reach: number, xs: Int32Array, ys: Int32Array): { start: Int32Array; list: Uint16Array } {
  const tileCount = city.widthTiles * city.heightTiles;
  const start = new Int32Array(tileCount + 2);
  const list: number[] = [];
  const reach2 = reach * reach;
  for (let t = 0; t < tileCount; t++) {
    start[t] = list.length;
    const left = (t % city.widthTiles) * TILE_QUANTA;
    const top = Math.floor(t / city.widthTiles) * TILE_QUANTA;
    for (let i = 0; i < xs.length; i++) {
      const nearX = Math.min(Math.max(xs[i], left), left + TILE_QUANTA);
      const nearY = Math.min(Math.max(ys[i], top), top + TILE_QUANTA);
      const dx = xs[i] - nearX;
      const dy = ys[i] - nearY;
      if (dx * dx + dy * dy <= reach2) list.push(i);
    }
  }
  start[tileCount] = list.length;
  for (let i = 0; i < xs.length; i++) list.push(i);
  start[tileCount + 1] = list.length;
  return { start, list: Uint16Array.from(list) };
}
