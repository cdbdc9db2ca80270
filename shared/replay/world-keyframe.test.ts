import { describe, expect, it } from 'vitest';
import { BitReader } from '../protocol/bit-reader';
import { BitWriter } from '../protocol/bit-writer';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { PLAYER_FIELD_NAMES } from '../sim/player-fields';
import { makeWorld } from '../sim/test-helpers';
import { scriptedRound } from './test-recording';
import { applyKeyframe, createKeyframeState, diffKeyframe, readKeyframe, WORLD_SCALAR_NAMES, writeKeyframe } from './world-keyframe';

describe('world keyframes', () => {
  it('cover every number of the world that is state (a new world scalar must be added to the list)', () => {
    const world = makeWorld(1);
    const numeric = Object.entries(world).filter(([, v]) => typeof v === 'number').map(([k]) => k);
    expect(numeric.filter((k) => k !== 'maxPlayers').sort()).toEqual([...WORLD_SCALAR_NAMES].sort());
  });

  it('round-trip a played world exactly, every player field and order included', () => {
    const { world } = scriptedRound(8, { ticks: 400 });
    // The writer's last inputs: field-major uint32 patterns (buttons, seq, late).
    const n = world.maxPlayers;
    const inputs = new Uint32Array(INPUT_FIELD_NAMES.length * n);
    inputs[INPUT_FIELD_NAMES.indexOf('buttons') * n + 2] = 9;
    inputs[INPUT_FIELD_NAMES.indexOf('seq') * n + 2] = 4_000_000_000;
    const rtt = new Int32Array(world.maxPlayers).fill(-1);
    for (let s = 0; s < world.maxPlayers; s++) if (world.active[s]) rtt[s] = 30 + s;
    const w = new BitWriter(16);
    writeKeyframe(w, world, inputs, rtt);
    const r = new BitReader();
    r.reset(w.finish());
    const state = createKeyframeState(world.maxPlayers, world.city.houses.length);
    expect(readKeyframe(r, state)).toBe(true);
    expect(diffKeyframe(state, world)).toBeNull();
    expect(state.inputs.seq[2]).toBe(4_000_000_000);
    expect(Array.from(state.rttMs)).toEqual(Array.from(rtt).map((v, s) => (world.active[s] ? v : -1)));
    const other = makeWorld(8, { maxPlayers: world.maxPlayers });
    applyKeyframe(state, other);
    expect(diffKeyframe(state, other)).toBeNull();
    for (const name of PLAYER_FIELD_NAMES) expect(Array.from(other[name]), name).toEqual(Array.from(world[name]));
    other.px[0] += 1;
    expect(diffKeyframe(state, other)).toMatch(/^px\[0\]/);
  });
});
