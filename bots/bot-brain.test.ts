import { describe, expect, it } from 'vitest';
import { addPlayer } from '../shared/sim/players';
import { controlButtons, controlSteer } from '../shared/sim/steering';
import { step } from '../shared/sim/step';
import { createInputFrame, createWorld, DEFAULT_WORLD_CONFIG } from '../shared/sim/world';
import { BotBrain } from './bot-brain';

/** A bot riding the real simulation for `seconds`, one decision per tick; its deliveries. */
function deliveries(seed: number, steering: 'tank' | 'point', seconds: number): number {
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed, maxPlayers: 4 });
  addPlayer(world, 0);
  const brain = new BotBrain(world.city, world.params);
  const frame = createInputFrame(world.maxPlayers);
  for (let t = 0; t < seconds * world.config.tickRateHz; t++) {
    const control = steering === 'point' ? brain.decidePoint(world, 0) : brain.decide(world, 0);
    frame.has[0] = 1;
    frame.seq[0] = t + 1;
    frame.buttons[0] = controlButtons(control);
    frame.steer[0] = controlSteer(control);
    if (steering === 'point') expect(frame.buttons[0]).toBe(0);
    step(world, frame);
  }
  return world.deliveries[0];
}

describe('BotBrain', () => {
  it.each([3, 42, 1234])('seed %i: delivers pizzas steering by buttons and pointing alike', (seed) => {
    const tank = deliveries(seed, 'tank', 90);
    const point = deliveries(seed, 'point', 90);
    console.info(`seed ${seed}: ${tank} deliveries by buttons, ${point} pointing, in 90 s`);
    expect(tank).toBeGreaterThanOrEqual(2);
    expect(point).toBeGreaterThanOrEqual(2);
  });
});
