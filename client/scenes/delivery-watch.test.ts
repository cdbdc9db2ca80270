import { describe, expect, it } from 'vitest';
import { Phase, POSITION_SCALE } from '../../shared/sim/constants';
import { generateCity, tileCenterX, tileCenterY } from '../../shared/sim/city';
import { DeliveryWatch, type DeliveryEvent } from './delivery-watch';

const city = generateCity(42);
const H = city.houses.length;

function replica() {
  return {
    tick: 10,
    phase: Phase.Playing as number,
    round: 1,
    maxPlayers: 3,
    active: Uint8Array.of(1, 1, 0),
    px: new Int32Array(3),
    py: new Int32Array(3),
    score: new Int32Array(3),
    orderExpireTick: new Int32Array(H),
  };
}
const park = (s: ReturnType<typeof replica>, slot: number, house: number) => {
  s.px[slot] = tileCenterX(city, city.houses[house]) + 200;
  s.py[slot] = tileCenterY(city, city.houses[house]);
};

describe('DeliveryWatch', () => {
  it('reports a delivery where a score rose and an order closed before its deadline', () => {
    const watch = new DeliveryWatch(3, H);
    const s = replica();
    s.orderExpireTick[4] = 900;
    s.orderExpireTick[7] = 11;
    park(s, 1, 7);
    const out: DeliveryEvent[] = [];
    expect(watch.update(city, s, out)).toBe(0);
    s.tick = 11;
    s.orderExpireTick[7] = 0;
    s.score[1] = 180;
    expect(watch.update(city, s, out)).toBe(1);
    expect(out[0]).toEqual({
      slot: 1,
      points: 180,
      house: 7,
      x: tileCenterX(city, city.houses[7]) / POSITION_SCALE,
      y: tileCenterY(city, city.houses[7]) / POSITION_SCALE,
      tick: 11,
    });
    // Nothing new: nothing reported, also when the same state is looked at again.
    expect(watch.update(city, s, out)).toBe(0);
    s.tick = 12;
    expect(watch.update(city, s, out)).toBe(0);
  });

  it('matches two deliveries in one snapshot to the nearest houses, and ignores an expiry', () => {
    const watch = new DeliveryWatch(3, H);
    const s = replica();
    for (const h of [2, 9]) s.orderExpireTick[h] = 60;
    s.orderExpireTick[4] = 49;
    park(s, 0, 2);
    park(s, 1, 9);
    watch.update(city, s, []);
    s.tick = 50;
    s.orderExpireTick.fill(0); // 2 and 9 delivered before their deadline; 4 expired in the step of tick 49
    s.score[0] = 110;
    s.score[1] = 105;
    const out: DeliveryEvent[] = [];
    expect(watch.update(city, s, out)).toBe(2);
    expect(out.map((e) => [e.slot, e.house, e.points])).toEqual([
      [0, 2, 110],
      [1, 9, 105],
    ]);
  });

  it('reads a new round, a phase change or a score reset as nothing', () => {
    const watch = new DeliveryWatch(3, H);
    const s = replica();
    s.score[0] = 400;
    watch.update(city, s, []);
    s.tick = 20;
    s.round = 2;
    s.score[0] = 0;
    const out: DeliveryEvent[] = [];
    expect(watch.update(city, s, out)).toBe(0);
    s.tick = 21;
    s.phase = Phase.Results;
    s.score[0] = 50;
    expect(watch.update(city, s, out)).toBe(0);
    expect(out).toEqual([]);
  });
});
