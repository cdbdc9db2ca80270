import { POSITION_SCALE, Tile, TILE_SIZE } from './constants';
import type { City } from './city';

const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;
/** 1 / TILE_QUANTA: a power of two, so x * TILE_INV equals x / TILE_QUANTA exactly, minus the division. */
const TILE_INV = 1 / TILE_QUANTA;

/**
 * 1 for tile kinds a scooter cannot enter (isSolidTile as a table): one typed-array load per
 * tile instead of three compares, on the hottest check of the tick (issue #3).
 */
const SOLID_KIND = new Uint8Array(256);
SOLID_KIND[Tile.Building] = 1;
SOLID_KIND[Tile.House] = 1;
SOLID_KIND[Tile.Shop] = 1;

/**
 * True when a circle (centre and radius in position quanta) overlaps a solid tile or leaves the
 * map. Touching an edge exactly does not count, so a scooter can rest flush against a wall.
 */
export function circleHitsSolid(city: City, cx: number, cy: number, radius: number): boolean {
  const tx0 = Math.floor((cx - radius) * TILE_INV);
  const tx1 = Math.floor((cx + radius) * TILE_INV);
  const ty0 = Math.floor((cy - radius) * TILE_INV);
  const ty1 = Math.floor((cy + radius) * TILE_INV);
  const w = city.widthTiles;
  const h = city.heightTiles;
  const tiles = city.tiles;
  const r2 = radius * radius;
  for (let ty = ty0; ty <= ty1; ty++) {
    const rowInside = ty >= 0 && ty < h;
    const top = ty * TILE_QUANTA;
    const nearY = cy < top ? top : cy > top + TILE_QUANTA ? top + TILE_QUANTA : cy;
    const dy = cy - nearY;
    for (let tx = tx0; tx <= tx1; tx++) {
      // Everything outside the map counts as a building (tileAt), so map edges are walls.
      if (rowInside && tx >= 0 && tx < w && SOLID_KIND[tiles[ty * w + tx]] === 0) continue;
      const left = tx * TILE_QUANTA;
      const nearX = cx < left ? left : cx > left + TILE_QUANTA ? left + TILE_QUANTA : cx;
      const dx = cx - nearX;
      if (dx * dx + dy * dy < r2) return true;
    }
  }
  return false;
}
