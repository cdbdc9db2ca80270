import { describe, expect, it } from 'vitest';
import { Button } from './constants';
import { addPlayer } from './players';
import { resolvePlayerCollisions } from './player-collisions';
import { nextInt, type RngHolder } from './rng';
import { step } from './step';
import { makeWorld } from './test-helpers';
import { circleHitsSolid } from './tile-collision';
import { createInputFrame, type World } from './world';

function minPairDistance(world: World): number {
  let best = Infinity;
  for (let i = 0; i < world.maxPlayers; i++) {
    for (let j = i + 1; j < world.maxPlayers; j++) {
      if (!world.active[i] || !world.active[j]) continue;
      best = Math.min(best, Math.hypot(world.px[i] - world.px[j], world.py[i] - world.py[j]));
    }
  }
  return best;
}

describe('resolvePlayerCollisions', () => {
  it('separates two overlapping scooters and slows both', () => {
    const world = makeWorld(3, { autoRounds: false });
    addPlayer(world, 0);
    addPlayer(world, 1);
    // Overlap along the road the spawn faces, where there is room to separate.
    const alongX = world.heading[0] % 2048 === 0;
    world.px[1] = world.px[0] + (alongX ? 30 : 0);
    world.py[1] = world.py[0] + (alongX ? 0 : 30);
    world.speed[0] = 100;
    world.speed[1] = -80;
    const before = Math.hypot(world.px[1] - world.px[0], world.py[1] - world.py[0]);
    resolvePlayerCollisions(world);
    expect(Math.hypot(world.px[1] - world.px[0], world.py[1] - world.py[0])).toBeGreaterThan(before);
    expect(Math.abs(world.speed[0])).toBeLessThan(100);
    expect(Math.abs(world.speed[1])).toBeLessThan(80);
    for (let t = 0; t < 10; t++) resolvePlayerCollisions(world);
    expect(minPairDistance(world)).toBeGreaterThanOrEqual(world.params.radius * 2 - 2);
  });

  it('splits scooters on the exact same spot along the road', () => {
    const world = makeWorld(3, { autoRounds: false });
    addPlayer(world, 0);
    addPlayer(world, 1);
    world.px[1] = world.px[0];
    world.py[1] = world.py[0];
    world.heading[1] = world.heading[0];
    const inputs = createInputFrame(world.maxPlayers);
    for (let t = 0; t < 5; t++) step(world, inputs);
    expect(minPairDistance(world)).toBeGreaterThanOrEqual(world.params.radius * 2 - 2);
  });

  it('handles a full room of 40 riding around without anyone entering a wall', () => {
    const world = makeWorld(11);
    for (let s = 0; s < 40; s++) addPlayer(world, s);
    const inputs = createInputFrame(world.maxPlayers);
    const rng: RngHolder = { rngState: 99 };
    // Let the spawn crowd settle first; a scooter wedged against a wall only gets pushed from one side, so this takes a while.
    for (let t = 0; t < 90; t++) step(world, inputs);
    expect(minPairDistance(world)).toBeGreaterThanOrEqual(world.params.radius * 2 - 2);
    for (let t = 0; t < 600; t++) {
      for (let s = 0; s < 40; s++) {
        inputs.has[s] = 1;
        inputs.buttons[s] = Button.Up | nextInt(rng, 16);
      }
      step(world, inputs);
      for (let s = 0; s < 40; s++) {
        expect(circleHitsSolid(world.city, world.px[s], world.py[s], world.params.radius)).toBe(false);
      }
    }
  });
});
