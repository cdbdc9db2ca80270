import { describe, expect, it } from 'vitest';
import { Tile } from './constants';
import { generateCity, isSolidTile, tileAt } from './city';
import { drivableNeighbours, drivableTiles } from './test-helpers';

const SEEDS = [1, 2, 3, 42, 1234, 99999, -7, 0x7fffffff];

describe('generateCity', () => {
  it('is deterministic from the seed', () => {
    const a = generateCity(42);
    const b = generateCity(42);
    expect(Buffer.from(a.tiles).equals(Buffer.from(b.tiles))).toBe(true);
    expect(Array.from(a.houses)).toEqual(Array.from(b.houses));
    expect(Array.from(a.spawns)).toEqual(Array.from(b.spawns));
  });

  it('differs between seeds', () => {
    expect(Buffer.from(generateCity(1).tiles).equals(Buffer.from(generateCity(2).tiles))).toBe(false);
  });

  it.each(SEEDS)('seed %i: every drivable tile is reachable from every other', (seed) => {
    const city = generateCity(seed);
    const all = drivableTiles(city);
    const seen = new Set<number>([all[0]]);
    const queue = [all[0]];
    while (queue.length > 0) {
      const i = queue.shift() as number;
      for (const n of drivableNeighbours(city, i)) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    expect(seen.size).toBe(all.length);
  });

  it.each(SEEDS)('seed %i: shops and houses are solid, face a drivable tile, and are plentiful', (seed) => {
    const city = generateCity(seed);
    expect(city.shops.length).toBeGreaterThanOrEqual(1);
    expect(city.houses.length).toBeGreaterThanOrEqual(20);
    expect(city.houses.length).toBeLessThanOrEqual(50);
    for (const s of city.shops) {
      expect(city.tiles[s]).toBe(Tile.Shop);
      expect(drivableNeighbours(city, s).length).toBeGreaterThan(0);
    }
    for (const h of city.houses) {
      expect(city.tiles[h]).toBe(Tile.House);
      expect(isSolidTile(city.tiles[h])).toBe(true);
      expect(drivableNeighbours(city, h).length).toBeGreaterThan(0);
    }
    expect(new Set(city.houses).size).toBe(city.houses.length);
  });

  it.each(SEEDS)('seed %i: spawns are road tiles', (seed) => {
    const city = generateCity(seed);
    expect(city.spawns.length).toBeGreaterThanOrEqual(8);
    for (const s of city.spawns) expect(city.tiles[s]).toBe(Tile.Road);
  });

  it('treats outside the map as building', () => {
    const city = generateCity(5);
    expect(tileAt(city, -1, 0)).toBe(Tile.Building);
    expect(tileAt(city, 0, city.heightTiles)).toBe(Tile.Building);
    expect(isSolidTile(Tile.Road)).toBe(false);
    expect(isSolidTile(Tile.Park)).toBe(false);
  });
});
