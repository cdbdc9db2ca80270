import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Button, HEADING_STEPS, POSITION_SCALE, TILE_SIZE } from './constants';
import { generateCity } from './city';
import { moveScooter, type ScooterState } from './movement';
import { drivableTiles } from './test-helpers';
import { circleHitsSolid } from './tile-collision';
import { movementParamsFor } from './world';

const city = generateCity(7);
const params = movementParamsFor(30);
const TQ = TILE_SIZE * POSITION_SCALE;

/** The top border row is one long road: start at its west end facing east. */
function onTopRoad(): ScooterState {
  return { px: TQ / 2, py: TQ / 2, heading: 0, speed: 0 };
}

describe('moveScooter', () => {
  it('throttle reaches top speed and never exceeds it', () => {
    const s = onTopRoad();
    let top = 0;
    for (let t = 0; t < 40; t++) {
      moveScooter(city, params, s, Button.Up);
      expect(s.speed).toBeLessThanOrEqual(params.maxSpeed);
      top = Math.max(top, s.speed);
    }
    expect(top).toBe(params.maxSpeed);
    expect(s.px).toBeGreaterThan(TQ);
  });

  it('reverse is capped at maxReverse', () => {
    const s = { px: 20 * TQ + TQ / 2, py: TQ / 2, heading: 0, speed: 0 };
    for (let t = 0; t < 60; t++) moveScooter(city, params, s, Button.Down);
    expect(s.speed).toBe(-params.maxReverse);
    expect(s.px).toBeLessThan(20 * TQ);
  });

  it('drag brings a coasting scooter to a stop', () => {
    const s = { ...onTopRoad(), speed: params.maxSpeed };
    let ticks = 0;
    while (s.speed !== 0 && ticks < 1000) {
      moveScooter(city, params, s, 0);
      ticks++;
    }
    expect(s.speed).toBe(0);
    expect(ticks).toBeLessThan(60);
  });

  it('turning changes heading and wraps into 0..HEADING_STEPS-1', () => {
    const s = { ...onTopRoad(), heading: 5, speed: params.maxSpeed };
    moveScooter(city, params, s, Button.Left);
    expect(s.heading).toBe(HEADING_STEPS + 5 - params.turnSteps);
    const h = s.heading;
    moveScooter(city, params, s, Button.Right);
    expect(s.heading).toBe(h + params.turnSteps >= HEADING_STEPS ? h + params.turnSteps - HEADING_STEPS : h + params.turnSteps);
  });

  it('stops flush against a wall and loses speed', () => {
    // Heading north on the top road: the map edge is half a tile away.
    const s = { px: TQ / 2, py: TQ / 2, heading: (HEADING_STEPS * 3) / 4, speed: params.maxSpeed };
    for (let t = 0; t < 10; t++) moveScooter(city, params, s, Button.Up);
    expect(s.py).toBe(params.radius);
    expect(s.speed).toBeLessThan(params.maxSpeed);
  });

  it('never ends inside a solid tile, whatever the inputs', () => {
    const tiles = drivableTiles(city);
    const clearStart = fc
      .record({
        tile: fc.integer({ min: 0, max: tiles.length - 1 }),
        ox: fc.integer({ min: 0, max: TQ - 1 }),
        oy: fc.integer({ min: 0, max: TQ - 1 }),
        heading: fc.integer({ min: 0, max: HEADING_STEPS - 1 }),
        speed: fc.integer({ min: -params.maxReverse, max: params.maxSpeed }),
      })
      .map(({ tile, ox, oy, heading, speed }) => ({
        px: (tiles[tile] % city.widthTiles) * TQ + ox,
        py: Math.floor(tiles[tile] / city.widthTiles) * TQ + oy,
        heading,
        speed,
      }))
      .filter((s) => !circleHitsSolid(city, s.px, s.py, params.radius));
    fc.assert(
      fc.property(clearStart, fc.array(
        // Mostly throttle on, so scooters hit walls at speed.
        fc.integer({ min: 0, max: 15 }).map((b) => (b % 3 === 0 ? b : b | Button.Up)),
        { minLength: 1, maxLength: 120 },
      ), (start, inputs) => {
        const s = { ...start };
        for (const buttons of inputs) {
          moveScooter(city, params, s, buttons);
          if (circleHitsSolid(city, s.px, s.py, params.radius)) return false;
          if (!Number.isInteger(s.px) || !Number.isInteger(s.py) || !Number.isInteger(s.speed)) return false;
          if (s.heading < 0 || s.heading >= HEADING_STEPS || s.speed > params.maxSpeed || s.speed < -params.maxReverse) return false;
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });
});
