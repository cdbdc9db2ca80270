import { describe, expect, it } from 'vitest';
import { addPlayer } from '../shared/sim/players';
import { controlButtons, controlSteer } from '../shared/sim/steering';
import { step } from '../shared/sim/step';
import { createInputFrame, createWorld, DEFAULT_WORLD_CONFIG } from '../shared/sim/world';
import { BotBrain } from './bot-brain';

/** `bots` bots riding the real simulation together for `seconds`, one decision each per tick; their deliveries. */
function deliveriesOf(seed: number, steering: 'tank' | 'point', seconds: number, bots: number): number[] {
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed, maxPlayers: 4 });
  const brains = Array.from({ length: bots }, (_, slot) => {
    addPlayer(world, slot);
    return new BotBrain(world.city, world.params, slot);
  });
  const frame = createInputFrame(world.maxPlayers);
  let buttonsWhilePointing = 0;
  for (let t = 0; t < seconds * world.config.tickRateHz; t++) {
    for (let slot = 0; slot < bots; slot++) {
      const control = steering === 'point' ? brains[slot].decidePoint(world, slot) : brains[slot].decide(world, slot);
      frame.has[slot] = 1;
      frame.seq[slot] = t + 1;
      frame.buttons[slot] = controlButtons(control);
      frame.steer[slot] = controlSteer(control);
      if (steering === 'point') buttonsWhilePointing |= frame.buttons[slot];
    }
    step(world, frame);
  }
  expect(buttonsWhilePointing).toBe(0);
  return Array.from(world.deliveries.subarray(0, bots));
}

const deliveries = (seed: number, steering: 'tank' | 'point', seconds: number) => deliveriesOf(seed, steering, seconds, 1)[0];

describe('BotBrain', () => {
  it.each([3, 42, 1234])('seed %i: delivers pizzas steering by buttons and pointing alike', (seed) => {
    const tank = deliveries(seed, 'tank', 90);
    const point = deliveries(seed, 'point', 90);
    console.info(`seed ${seed}: ${tank} deliveries by buttons, ${point} pointing, in 90 s`);
    expect(tank).toBeGreaterThanOrEqual(2);
    expect(point).toBeGreaterThanOrEqual(2);
  });

  // Two scooters spawned together bump: one can end up beside the shop but on the road's far
  // side, out of reach (the old brain held still there for good: seeds 144 and 285), or the
  // pair pushes head-on with their speeds up and neither moving (the old brain only backed
  // out when its speed fell). Every bot of every pair delivers.
  it.each(['tank', 'point'] as const)('two bots in each of 150 cities both deliver within 90 s (%s steering)', (steering) => {
    const idle: string[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      const counts = deliveriesOf(seed, steering, 90, 2);
      counts.forEach((n, slot) => n === 0 && idle.push(`seed ${seed} bot ${slot}`));
    }
    expect(idle).toEqual([]);
  });
});
