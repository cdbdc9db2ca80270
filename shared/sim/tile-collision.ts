import { POSITION_SCALE, TILE_SIZE } from './constants';
import { isSolidTile, tileAt, type City } from './city';

const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;

/**
 * True when a circle (centre and radius in position quanta) overlaps a solid tile or leaves the
 * map. Touching an edge exactly does not count, so a scooter can rest flush against a wall.
 */
export function circleHitsSolid(city: City, cx: number, cy: number, radius: number): boolean {
  const tx0 = Math.floor((cx - radius) / TILE_QUANTA);
  const tx1 = Math.floor((cx + radius) / TILE_QUANTA);
  const ty0 = Math.floor((cy - radius) / TILE_QUANTA);
  const ty1 = Math.floor((cy + radius) / TILE_QUANTA);
  const r2 = radius * radius;
  for (let ty = ty0; ty <= ty1; ty++) {
    for (let tx = tx0; tx <= tx1; tx++) {
      if (!isSolidTile(tileAt(city, tx, ty))) continue;
      const left = tx * TILE_QUANTA;
      const top = ty * TILE_QUANTA;
      const nearX = cx < left ? left : cx > left + TILE_QUANTA ? left + TILE_QUANTA : cx;
      const nearY = cy < top ? top : cy > top + TILE_QUANTA ? top + TILE_QUANTA : cy;
      const dx = cx - nearX;
      const dy = cy - nearY;
      if (dx * dx + dy * dy < r2) return true;
    }
  }
  return false;
}
