import { describe, expect, it } from 'vitest';
import { Phase, POSITION_SCALE } from '../../shared/sim/constants';
import { generateCity, tileCenterX, tileCenterY } from '../../shared/sim/city';
import { chooseGuideTarget, createGuideTarget } from './guide-target';

const city = generateCity(42);
const at = (tile: number) => ({ x: tileCenterX(city, tile) / POSITION_SCALE, y: tileCenterY(city, tile) / POSITION_SCALE });

function state(carrying: number, open: number[], phase: number = Phase.Playing) {
  const orderExpireTick = new Int32Array(city.houses.length);
  for (const h of open) orderExpireTick[h] = 500;
  return { tick: 100, phase, carrying: Uint8Array.of(carrying), orderExpireTick };
}

describe('chooseGuideTarget', () => {
  it('points an empty scooter at the nearest shop', () => {
    for (let s = 0; s < city.shops.length; s++) {
      const { x, y } = at(city.shops[s]);
      const t = chooseGuideTarget(city, state(0, [0, 1]), 0, x + 20, y + 40, createGuideTarget());
      expect(t).toEqual({ kind: 'shop', index: s, x, y });
    }
  });

  it('points a loaded scooter at the nearest open order, ignoring closed and expired ones', () => {
    const near = at(city.houses[5]);
    const s = state(2, [3, 5, 9]);
    expect(chooseGuideTarget(city, s, 0, near.x + 10, near.y, createGuideTarget())).toMatchObject({ kind: 'order', index: 5 });
    s.orderExpireTick[5] = 100; // expires this tick: not a target any more
    const t = chooseGuideTarget(city, s, 0, near.x + 10, near.y, createGuideTarget());
    expect(t.kind).toBe('order');
    expect([3, 9]).toContain(t.index);
    const d = (h: number) => Math.hypot(at(city.houses[h]).x - near.x - 10, at(city.houses[h]).y - near.y);
    expect(d(t.index)).toBe(Math.min(d(3), d(9)));
  });

  it('shows nothing outside a round, or loaded with no order open', () => {
    expect(chooseGuideTarget(city, state(0, [1], Phase.Lobby), 0, 0, 0, createGuideTarget()).kind).toBe('none');
    expect(chooseGuideTarget(city, state(0, [1], Phase.Results), 0, 0, 0, createGuideTarget()).kind).toBe('none');
    expect(chooseGuideTarget(city, state(1, []), 0, 0, 0, createGuideTarget()).kind).toBe('none');
    expect(chooseGuideTarget(city, state(0, []), -1, 0, 0, createGuideTarget()).kind).toBe('none');
  });
});
