import { BUTTON_MASK } from './constants';
import { updateDeliveries } from './deliveries';
import { moveScooter, type ScooterState } from './movement';
import { updateOrders } from './orders';
import { resolvePlayerCollisions } from './player-collisions';
import { activePlayerCount } from './players';
import { updateRound } from './round';
import type { InputFrame, World } from './world';

/** One scratch scooter for the whole module: the typed arrays are copied in and out, no per-tick objects. */
const scratch: ScooterState = { px: 0, py: 0, heading: 0, speed: 0 };

/**
 * Advances the world by exactly one tick, in place. Reads inputs but never clears them (the
 * server owns the frame). Order of work: inputs, phase changes, movement, bumps, pickups and
 * deliveries, orders, tick++.
 */
export function step(world: World, inputs: InputFrame): void {
  const n = world.maxPlayers;
  for (let slot = 0; slot < n; slot++) {
    if (!world.active[slot] || !inputs.has[slot]) continue;
    world.buttons[slot] = inputs.buttons[slot] & BUTTON_MASK;
    world.ackSeq[slot] = inputs.seq[slot];
  }

  updateRound(world);

  for (let slot = 0; slot < n; slot++) {
    if (!world.active[slot]) continue;
    scratch.px = world.px[slot];
    scratch.py = world.py[slot];
    scratch.heading = world.heading[slot];
    scratch.speed = world.speed[slot];
    moveScooter(world.city, world.params, scratch, world.connected[slot] ? world.buttons[slot] : 0);
    world.px[slot] = scratch.px;
    world.py[slot] = scratch.py;
    world.heading[slot] = scratch.heading;
    world.speed[slot] = scratch.speed;
  }

  resolvePlayerCollisions(world);
  updateDeliveries(world);
  updateOrders(world, activePlayerCount(world));
  world.tick++;
}
