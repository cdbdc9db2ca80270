import { Tile } from './constants';
import { isSolidTile, tileAt, type City } from './city';
import { createWorld, DEFAULT_WORLD_CONFIG, type World, type WorldConfig } from './world';

/** A world with default settings, overridable per test. */
export function makeWorld(seed: number, overrides: Partial<WorldConfig> = {}): World {
  return createWorld({ ...DEFAULT_WORLD_CONFIG, seed, ...overrides });
}

/** Drivable tiles 4-adjacent to tile index i (test helper, allocates). */
export function drivableNeighbours(city: City, i: number): number[] {
  const w = city.widthTiles;
  const x = i % w;
  const y = (i - x) / w;
  const out: number[] = [];
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
    if (!isSolidTile(tileAt(city, x + dx, y + dy))) out.push((y + dy) * w + x + dx);
  }
  return out;
}

/** Tile indices of every road or park tile. */
export function drivableTiles(city: City): number[] {
  const out: number[] = [];
  for (let i = 0; i < city.tiles.length; i++) if (city.tiles[i] === Tile.Road || city.tiles[i] === Tile.Park) out.push(i);
  return out;
}
