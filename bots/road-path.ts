import { isSolidTile, type City } from '../shared/sim/city';

/**
 * Breadth-first search over drivable tiles, for bots only (the server never pathfinds).
 * Scratch arrays are reused per city size; a path is a fresh array because bots keep it.
 */
export class RoadPathFinder {
  private readonly cameFrom: Int32Array;
  private readonly queue: Int32Array;
  private readonly seen: Uint32Array;
  private generation = 0;

  constructor(private readonly city: City) {
    const cells = city.widthTiles * city.heightTiles;
    this.cameFrom = new Int32Array(cells);
    this.queue = new Int32Array(cells);
    this.seen = new Uint32Array(cells);
  }

  /**
   * Shortest drivable path from `fromTile` to the nearest drivable tile next to any of the
   * target tiles (buildings are solid, so one stops beside them). Returns tile indices from the
   * first step to the goal, [] when already there, or null when unreachable.
   */
  pathToBeside(fromTile: number, isTarget: (tile: number) => boolean): number[] | null {
    const { widthTiles: w, heightTiles: h, tiles } = this.city;
    const gen = ++this.generation;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = fromTile;
    this.seen[fromTile] = gen;
    this.cameFrom[fromTile] = -1;
    while (head < tail) {
      const at = this.queue[head++];
      const x = at % w;
      const y = (at - x) / w;
      if (this.besideTarget(at, x, y, isTarget)) return this.unwind(at);
      for (let d = 0; d < 4; d++) {
        const nx = x + (d === 0 ? 1 : d === 1 ? -1 : 0);
        const ny = y + (d === 2 ? 1 : d === 3 ? -1 : 0);
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const next = ny * w + nx;
        if (this.seen[next] === gen || isSolidTile(tiles[next])) continue;
        this.seen[next] = gen;
        this.cameFrom[next] = at;
        this.queue[tail++] = next;
      }
    }
    return null;
  }

  private besideTarget(at: number, x: number, y: number, isTarget: (tile: number) => boolean): boolean {
    const { widthTiles: w, heightTiles: h } = this.city;
    return (
      (x + 1 < w && isTarget(at + 1)) ||
      (x > 0 && isTarget(at - 1)) ||
      (y + 1 < h && isTarget(at + w)) ||
      (y > 0 && isTarget(at - w))
    );
  }

  private unwind(goal: number): number[] {
    const path: number[] = [];
    for (let at = goal; this.cameFrom[at] !== -1; at = this.cameFrom[at]) path.push(at);
    return path.reverse();
  }
}
