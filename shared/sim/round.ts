import { Phase } from './constants';
import { clearOrders, openRoundOrders } from './orders';
import type { World } from './world';

/** Starts a round now: scores, pizzas and orders reset, and the opening orders placed at once. */
export function startRound(world: World): void {
  world.phase = Phase.Playing;
  world.round++;
  world.phaseEndTick = world.tick + Math.round(world.config.roundSeconds * world.config.tickRateHz);
  world.score.fill(0);
  world.carrying.fill(0);
  world.deliveries.fill(0);
  clearOrders(world);
  openRoundOrders(world);
}

/** Ends the round now and shows results; scores stay for the results screen. */
export function endRound(world: World): void {
  world.phase = Phase.Results;
  world.phaseEndTick = world.tick + Math.round(world.config.resultsSeconds * world.config.tickRateHz);
  clearOrders(world);
}

/** Phase changes due on this tick: round end, results end, and auto-start from the lobby. */
export function updateRound(world: World): void {
  switch (world.phase) {
    case Phase.Lobby:
      if (world.config.autoRounds) startRound(world);
      break;
    case Phase.Playing:
      if (world.tick >= world.phaseEndTick) endRound(world);
      break;
    case Phase.Results:
      if (world.tick < world.phaseEndTick) break;
      if (world.config.autoRounds) {
        startRound(world);
      } else {
        world.phase = Phase.Lobby;
        world.phaseEndTick = 0;
      }
      break;
  }
}
