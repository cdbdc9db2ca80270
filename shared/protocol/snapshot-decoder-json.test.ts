import { describe, expect, it } from 'vitest';
import { step } from '../sim/step';
import { createInputFrame, createWorld } from '../sim/world';
import { addPlayer } from '../sim/players';
import { buildJsonState } from './json-state';
import { SnapshotDecoder } from './snapshot-decoder';

describe('SnapshotDecoder.applyJson (SNAPSHOT_CODEC=json)', () => {
  it('takes a whole JSON state as a keyframe: synced, with the players in it', () => {
    const world = createWorld({ tickRateHz: 30, maxPlayers: 8, roundSeconds: 60, resultsSeconds: 5, seed: 7, autoRounds: true });
    const slot = 2;
    addPlayer(world, slot);
    const frame = createInputFrame(world.maxPlayers);
    for (let t = 0; t < 5; t++) step(world, frame);
    const decoder = new SnapshotDecoder(world.maxPlayers, world.city.houses.length);
    expect(decoder.synced).toBe(false);

    expect(decoder.applyJson({ not: 'a state' })).toBe(false);
    expect(decoder.synced).toBe(false);

    expect(decoder.applyJson(JSON.parse(JSON.stringify(buildJsonState(world, ['Jay'], 30))))).toBe(true);
    expect(decoder.synced).toBe(true);
    expect(decoder.state.tick).toBe(world.tick);
    expect(decoder.state.active[slot]).toBe(1);
  });
});
