import { Tile } from '../shared/sim/constants';
import { isSolidTile, type City } from '../shared/sim/city';

/** Field value of a tile from which the target cannot be reached (or a solid tile). */
export const UNREACHABLE = -1;

/**
 * Road distances to a target for bots (the server never pathfinds): per tile, the number of
 * steps to the nearest drivable tile beside the target (buildings are solid, so one stops
 * beside them), or UNREACHABLE. One breadth-first search per (city, target), computed on first
 * use and shared by every bot of the process: a bot then steers by looking at its four
 * neighbours, with no search and no path array of its own (issue #5: 1000 bots per process).
 */
export class DistanceFields {
  private readonly toShop: Int16Array;
  private readonly toHouse: (Int16Array | null)[];
  private readonly queue: Int32Array;

  constructor(private readonly city: City) {
    this.queue = new Int32Array(city.widthTiles * city.heightTiles);
    this.toShop = this.compute((t) => city.tiles[t] === Tile.Shop);
    this.toHouse = new Array<Int16Array | null>(city.houses.length).fill(null);
  }

  /** Distances to the nearest pizza shop. */
  shop(): Int16Array {
    return this.toShop;
  }

  /** Distances to house `house` (an index into city.houses). */
  house(house: number): Int16Array {
    let field = this.toHouse[house];
    if (field === null) {
      const target = this.city.houses[house];
      field = this.compute((t) => t === target);
      this.toHouse[house] = field;
    }
    return field;
  }

  /**
   * The neighbour of `tile` one step closer to the target, or -1 when `tile` is beside the
   * target already or cannot reach it. Ties go to the first in E, W, S, N order.
   */
  nextStep(field: Int16Array, tile: number): number {
    const d = field[tile];
    if (d <= 0) return -1;
    const w = this.city.widthTiles;
    const x = tile % w;
    if (x + 1 < w && field[tile + 1] === d - 1) return tile + 1;
    if (x > 0 && field[tile - 1] === d - 1) return tile - 1;
    if (tile + w < field.length && field[tile + w] === d - 1) return tile + w;
    if (tile - w >= 0 && field[tile - w] === d - 1) return tile - w;
    return -1;
  }

  private compute(isTarget: (tile: number) => boolean): Int16Array {
    const { widthTiles: w, heightTiles: h, tiles } = this.city;
    const field = new Int16Array(w * h).fill(UNREACHABLE);
    const queue = this.queue;
    let tail = 0;
    for (let t = 0; t < tiles.length; t++) {
      if (isSolidTile(tiles[t])) continue;
      const x = t % w;
      const beside = (x + 1 < w && isTarget(t + 1)) || (x > 0 && isTarget(t - 1)) || (t + w < tiles.length && isTarget(t + w)) || (t - w >= 0 && isTarget(t - w));
      if (beside) {
        field[t] = 0;
        queue[tail++] = t;
      }
    }
    for (let head = 0; head < tail; head++) {
      const at = queue[head];
      const x = at % w;
      const y = (at - x) / w;
      const next = field[at] + 1;
      for (let d = 0; d < 4; d++) {
        const nx = x + (d === 0 ? 1 : d === 1 ? -1 : 0);
        const ny = y + (d === 2 ? 1 : d === 3 ? -1 : 0);
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const n = ny * w + nx;
        if (field[n] !== UNREACHABLE || isSolidTile(tiles[n])) continue;
        field[n] = next;
        queue[tail++] = n;
      }
    }
    return field;
  }
}

const byCity = new WeakMap<City, DistanceFields>();

/** The process-wide fields of a city (bots of one room share its City object: city-cache.ts). */
export function distanceFieldsFor(city: City): DistanceFields {
  let fields = byCity.get(city);
  if (fields === undefined) {
    fields = new DistanceFields(city);
    byCity.set(city, fields);
  }
  return fields;
}
