import { Arena } from './arena';
import { POSITION_SCALE, TILE_SIZE } from './constants';
import { DIR_ONE, headingCosQ14, headingSinQ14 } from './direction';
import { circleHitsSolid } from './tile-collision';
import type { World } from './world';

/** Grid cell edge, position quanta: two tiles, far wider than two scooters, so 3x3 cells cover every contact. */
const CELL_QUANTA = 2 * TILE_SIZE * POSITION_SCALE;
/** Each scooter in a bump keeps this share of its speed (7/8). */
const BUMP_KEEP_NUM = 7;
const BUMP_KEEP_DEN = 8;

/** Uniform-grid buckets as linked lists in typed arrays: rebuilt every tick, allocated once per world. */
interface PlayerGrid {
  readonly cols: number;
  readonly rows: number;
  /** First slot in each cell, -1 when empty. */
  readonly head: Int32Array;
  /** Next slot in the same cell, -1 at the end. */
  readonly next: Int32Array;
  /** Cell of each slot this tick, -1 when inactive. */
  readonly cellOf: Int32Array;
  /** Column and row of each active slot's cell this tick. */
  readonly cellX: Int32Array;
  readonly cellY: Int32Array;
}

/**
 * Grids keyed by world: the scratch is not part of the state (rebuilt from positions each tick),
 * so it stays out of World and out of snapshots and structured clones.
 */
const grids = new WeakMap<World, PlayerGrid>();

function gridFor(world: World): PlayerGrid {
  let grid = grids.get(world);
  if (grid === undefined) {
    const tileQuanta = TILE_SIZE * POSITION_SCALE;
    const cols = Math.ceil((world.city.widthTiles * tileQuanta) / CELL_QUANTA);
    const rows = Math.ceil((world.city.heightTiles * tileQuanta) / CELL_QUANTA);
    const n = world.maxPlayers;
    // One buffer for the whole scratch (issue #3: fewer scattered cache lines per tick).
    const arena = new Arena(Arena.bytesFor(cols * rows + 4 * n, 0));
    grid = {
      cols,
      rows,
      // Kept all -1 between ticks: each tick clears only the cells it filled.
      head: arena.int32(cols * rows).fill(-1),
      next: arena.int32(n),
      cellOf: arena.int32(n),
      cellX: arena.int32(n),
      cellY: arena.int32(n),
    };
    grids.set(world, grid);
  }
  return grid;
}

/**
 * Moves one scooter by (dx, dy) if that keeps it clear of walls; otherwise tries each axis alone,
 * so a scooter pressed against a wall still slides along it instead of staying stuck in a pile.
 */
function pushClear(world: World, slot: number, dx: number, dy: number): void {
  const { city, px, py } = world;
  const r = world.params.radius;
  const x = px[slot];
  const y = py[slot];
  if (!circleHitsSolid(city, x + dx, y + dy, r)) {
    px[slot] = x + dx;
    py[slot] = y + dy;
  } else if (dx !== 0 && !circleHitsSolid(city, x + dx, y, r)) {
    px[slot] = x + dx;
  } else if (dy !== 0 && !circleHitsSolid(city, x, y + dy, r)) {
    py[slot] = y + dy;
  }
}

function clampCell(v: number, size: number): number {
  return v < 0 ? 0 : v >= size ? size - 1 : v;
}

/**
 * Pushes overlapping scooters apart, half the overlap each, and slows both. Pairs resolve in
 * slot order (lower slot first), so the result is deterministic. A push that would put a
 * scooter into a wall is skipped for that scooter only.
 */
export function resolvePlayerCollisions(world: World): void {
  const grid = gridFor(world);
  const { cols, rows, head, next, cellOf, cellX, cellY } = grid;
  const { active, px, py, speed } = world;
  const n = world.maxPlayers;
  const minDist = world.params.radius * 2;
  const minDist2 = minDist * minDist;
  // Insert in descending slot order so every bucket lists slots ascending.
  for (let i = n - 1; i >= 0; i--) {
    if (!active[i]) {
      cellOf[i] = -1;
      continue;
    }
    const cx = clampCell(Math.floor(px[i] / CELL_QUANTA), cols);
    const cy = clampCell(Math.floor(py[i] / CELL_QUANTA), rows);
    const c = cy * cols + cx;
    cellX[i] = cx;
    cellY[i] = cy;
    cellOf[i] = c;
    next[i] = head[c];
    head[c] = i;
  }

  for (let i = 0; i < n; i++) {
    if (cellOf[i] < 0) continue;
    const cx = cellX[i];
    const cy = cellY[i];
    // The 3x3 block clipped to the grid, visited row by row as before (pair order is part of the result).
    const ny0 = cy > 0 ? cy - 1 : 0;
    const ny1 = cy < rows - 1 ? cy + 1 : rows - 1;
    const nx0 = cx > 0 ? cx - 1 : 0;
    const nx1 = cx < cols - 1 ? cx + 1 : cols - 1;
    for (let ny = ny0; ny <= ny1; ny++) {
      for (let nx = nx0; nx <= nx1; nx++) {
        for (let j = head[ny * cols + nx]; j >= 0; j = next[j]) {
          if (j <= i) continue;
          const dx = px[j] - px[i];
          const dy = py[j] - py[i];
          const d2 = dx * dx + dy * dy;
          if (d2 >= minDist2) continue;
          const d = Math.sqrt(d2);
          // Scooters on the exact same spot split along the lower slot's heading, which at a
          // spawn points along the road (a sideways split would hit the kerbs on both sides).
          const ux = d > 0 ? dx / d : headingCosQ14(world.heading[i]) / DIR_ONE;
          const uy = d > 0 ? dy / d : headingSinQ14(world.heading[i]) / DIR_ONE;
          const half = (minDist - d) / 2;
          const pushX = Math.round(ux * half);
          const pushY = Math.round(uy * half);
          pushClear(world, i, -pushX, -pushY);
          pushClear(world, j, pushX, pushY);
          speed[i] = Math.trunc((speed[i] * BUMP_KEEP_NUM) / BUMP_KEEP_DEN);
          speed[j] = Math.trunc((speed[j] * BUMP_KEEP_NUM) / BUMP_KEEP_DEN);
        }
      }
    }
  }

  // Back to all -1 for the next tick, touching only the cells used.
  for (let i = 0; i < n; i++) if (cellOf[i] >= 0) head[cellOf[i]] = -1;
}
