import { describe, expect, it } from 'vitest';
import { createReplicaState } from '../../shared/protocol/replica-state';
import { SPEED_SCALE } from '../../shared/sim/constants';
import { NETWORKED_FIELD_NAMES, copyPlayerArrays } from '../../shared/sim/player-fields';
import { addPlayer } from '../../shared/sim/players';
import { startRound } from '../../shared/sim/round';
import { createWorld, DEFAULT_WORLD_CONFIG, movementParamsFor } from '../../shared/sim/world';
import { Autopilot, type AutopilotSource } from './autopilot';

/** A seated player at its spawn in a playing round, as the page's session holds it (no prediction). */
function sourceAtSpawn(speedPixelsPerTick: number): AutopilotSource & { state: ReturnType<typeof createReplicaState> } {
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed: 7 });
  addPlayer(world, 0);
  startRound(world);
  const state = createReplicaState(world.maxPlayers, world.city.houses.length);
  copyPlayerArrays(world, state, NETWORKED_FIELD_NAMES);
  state.tick = world.tick;
  state.phase = world.phase;
  state.phaseEndTick = world.phaseEndTick;
  state.round = world.round;
  state.speed[0] = speedPixelsPerTick * SPEED_SCALE;
  return { city: world.city, params: movementParamsFor(30), state, predictor: null, selfId: 0, predictionEnabled: false };
}

/** pointKey asked every `ticksApart` ticks, `times` times; its last answer. */
function askEvery(autopilot: Autopilot, source: { state: { tick: number } }, ticksApart: number, times: number): string | null {
  let key: string | null = null;
  for (let i = 0; i < times; i++) {
    source.state.tick += ticksApart;
    key = autopilot.pointKey();
  }
  return key;
}

describe('the keyboard autopilot (window.roundtrip.autopilotKey)', () => {
  it('holds an arrow toward the shop when asked every tick, fast or slow', () => {
    for (const speed of [0, 6]) {
      const source = sourceAtSpawn(speed);
      expect(askEvery(new Autopilot(source), source, 1, 10)).toMatch(/^Arrow(Up|Down|Left|Right)$/);
    }
  });

  it('lets go while its decisions come too far apart for the speed (a starved page: 8 ticks apart)', () => {
    const fast = sourceAtSpawn(6);
    expect(askEvery(new Autopilot(fast), fast, 8, 10)).toBeNull();
    // Standing still it still sets off: 8 ticks at 0 px a tick go nowhere.
    const still = sourceAtSpawn(0);
    expect(askEvery(new Autopilot(still), still, 8, 10)).toMatch(/^Arrow/);
  });
});
