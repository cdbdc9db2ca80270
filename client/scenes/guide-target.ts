import { Phase, POSITION_SCALE } from '../../shared/sim/constants';
import { tileCenterX, tileCenterY, type City } from '../../shared/sim/city';

/** What the guide arrow points at: the nearest shop while empty, the nearest open order while carrying. */
export type GuideKind = 'none' | 'shop' | 'order';

/** The chosen target, rewritten in place each frame. x, y: world units (the tile's centre). */
export interface GuideTarget {
  kind: GuideKind;
  /** Index into city.shops or city.houses; -1 with kind 'none'. */
  index: number;
  x: number;
  y: number;
}

/** The parts of a replica the choice reads. */
export interface GuideState {
  readonly tick: number;
  readonly phase: number;
  readonly carrying: Uint8Array;
  readonly orderExpireTick: Int32Array;
}

export function createGuideTarget(): GuideTarget {
  return { kind: 'none', index: -1, x: 0, y: 0 };
}

/**
 * Picks the guide's target for the own scooter at (selfX, selfY) (world units): during a
 * round, the nearest shop (straight-line) when it carries no pizza, else the nearest house
 * with an open order; nothing outside a round (the lobby and results score nothing) or when
 * carrying with no order open. Allocation-free: writes `out`.
 */
export function chooseGuideTarget(city: City, state: GuideState, self: number, selfX: number, selfY: number, out: GuideTarget): GuideTarget {
  out.kind = 'none';
  out.index = -1;
  if (self < 0 || state.phase !== Phase.Playing) return out;
  const carrying = state.carrying[self] > 0;
  const tiles = carrying ? city.houses : city.shops;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tiles.length; i++) {
    if (carrying && !(state.orderExpireTick[i] > state.tick)) continue;
    const x = tileCenterX(city, tiles[i]) / POSITION_SCALE;
    const y = tileCenterY(city, tiles[i]) / POSITION_SCALE;
    const d = (x - selfX) * (x - selfX) + (y - selfY) * (y - selfY);
    if (d < best) {
      best = d;
      out.kind = carrying ? 'order' : 'shop';
      out.index = i;
      out.x = x;
      out.y = y;
    }
  }
  return out;
}
