import { POSITION_SCALE, TILE_SIZE } from './constants';
import { headingCosQ14, headingSinQ14 } from './movement';
import { circleHitsSolid } from './tile-collision';
import type { World } from './world';

/** Grid cell edge, position quanta: two tiles, far wider than two scooters, so 3x3 cells cover every contact. */
const CELL_QUANTA = 2 * TILE_SIZE * POSITION_SCALE;
/** Each scooter in a bump keeps this share of its speed (7/8). */
const BUMP_KEEP_NUM = 7;
const BUMP_KEEP_DEN = 8;
const DIR_ONE = 1 << 14;

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
    grid = {
      cols,
      rows,
      head: new Int32Array(cols * rows),
      next: new Int32Array(world.maxPlayers),
      cellOf: new Int32Array(world.maxPlayers),
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
  const { cols, rows, head, next, cellOf } = grid;
  const { active, px, py, speed } = world;
  const minDist = world.params.radius * 2;
  head.fill(-1);
  // Insert in descending slot order so every bucket lists slots ascending.
  for (let i = world.maxPlayers - 1; i >= 0; i--) {
    if (!active[i]) {
      cellOf[i] = -1;
      continue;
    }
    const c = clampCell(Math.floor(py[i] / CELL_QUANTA), rows) * cols + clampCell(Math.floor(px[i] / CELL_QUANTA), cols);
    cellOf[i] = c;
    next[i] = head[c];
    head[c] = i;
  }

  for (let i = 0; i < world.maxPlayers; i++) {
    const ci = cellOf[i];
    if (ci < 0) continue;
    const cx = ci % cols;
    const cy = (ci - cx) / cols;
    for (let ny = cy - 1; ny <= cy + 1; ny++) {
      if (ny < 0 || ny >= rows) continue;
      for (let nx = cx - 1; nx <= cx + 1; nx++) {
        if (nx < 0 || nx >= cols) continue;
        for (let j = head[ny * cols + nx]; j >= 0; j = next[j]) {
          if (j <= i) continue;
          const dx = px[j] - px[i];
          const dy = py[j] - py[i];
          const d2 = dx * dx + dy * dy;
          if (d2 >= minDist * minDist) continue;
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
}
