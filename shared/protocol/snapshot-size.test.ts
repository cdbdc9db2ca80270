import { describe, expect, it } from 'vitest';
import { NETWORKED_FIELD_NAMES, PLAYER_FIELDS } from '../sim/player-fields';
import { SnapshotDecoder } from './snapshot-decoder';
import { maxSnapshotBytes } from './snapshot-format';
import { SnapshotEncoder } from './snapshot-encoder';
import { ScooterScenario } from './test-scenario';
import { diffReplica, makeTestWorld } from './test-world';

/** Average delta bytes per moving player over a minute of a 20-scooter room. */
function measure(ticksPerSnapshot: number): { bytesPerPlayer: number; bufferGrew: boolean } {
  const scenario = new ScooterScenario({ maxPlayers: 40, houseCount: 30, players: 20, seed: 7, churn: 0 });
  const encoder = new SnapshotEncoder(40, 30);
  const decoder = new SnapshotDecoder(40, 30);
  const world = scenario.world;
  scenario.tick();
  decoder.apply(encoder.encodeKeyframe(world));
  const bufferBytes = encoder.bufferBytes;
  let bytes = 0;
  let playerSnapshots = 0;
  for (let t = 0; t < 30 * 60; t++) {
    scenario.tick();
    if (t % ticksPerSnapshot !== 0) continue;
    const delta = encoder.encodeDelta(world);
    expect(decoder.apply(delta).ok).toBe(true);
    expect(diffReplica(decoder.state, world)).toBeNull();
    bytes += delta.length;
    for (let s = 0; s < world.maxPlayers; s++) if (world.active[s] && world.speed[s] !== 0) playerSnapshots++;
  }
  return { bytesPerPlayer: bytes / playerSnapshots, bufferGrew: encoder.bufferBytes !== bufferBytes };
}

describe('snapshot size', () => {
  it('averages well under 5 bytes per moving scooter per delta', () => {
    const everyTick = measure(1);
    const everyOther = measure(2);
    console.info(
      `delta bytes per moving player: ${everyTick.bytesPerPlayer.toFixed(3)} (every tick), ` +
        `${everyOther.bytesPerPlayer.toFixed(3)} (every 2nd tick)`,
    );
    expect(everyTick.bytesPerPlayer).toBeLessThanOrEqual(5);
    expect(everyOther.bytesPerPlayer).toBeLessThanOrEqual(5);
    // Steady state: the encoder's buffer was big enough from the start.
    expect(everyTick.bufferGrew).toBe(false);
  });

  it('costs at most one bit per idle player', () => {
    function idleDeltaBytes(players: number): number {
      const world = makeTestWorld(64, 0);
      for (let s = 0; s < players; s++) {
        world.active[s] = 1;
        world.px[s] = 1000 + s;
        world.ackSeq[s] = 5;
      }
      const encoder = new SnapshotEncoder(64, 0);
      world.tick = 1;
      encoder.encodeKeyframe(world);
      world.tick = 2;
      return encoder.encodeDelta(world).length;
    }
    expect((idleDeltaBytes(48) - idleDeltaBytes(16)) * 8).toBeLessThanOrEqual(32);
    // code byte + 26 header/footer bits + one bit per slot
    expect(idleDeltaBytes(16)).toBe(Math.ceil((8 + 1 + 1 + 7 + 16 + 1) / 8));
  });
});

describe('snapshot size bound', () => {
  it('a keyframe with every field at its longest code still fits maxSnapshotBytes and decodes', () => {
    const players = 8;
    const world = makeTestWorld(players, 4);
    const encoder = new SnapshotEncoder(players, 4);
    const extreme = (low: boolean) => {
      for (const name of NETWORKED_FIELD_NAMES) {
        const { min, max } = PLAYER_FIELDS[name];
        for (let s = 0; s < players; s++) world[name][s] = name === 'active' ? 1 : low ? min : max;
      }
    };
    extreme(false);
    world.tick = 1;
    encoder.encodeDelta(world);
    // A jump from every maximum to every minimum leaves the largest prevDeltas in the memory.
    extreme(true);
    world.tick = 2;
    const keyframe = encoder.encodeKeyframe(world);
    expect(keyframe.length).toBeLessThanOrEqual(maxSnapshotBytes(players, 4));
    const decoder = new SnapshotDecoder(players, 4);
    expect(decoder.apply(keyframe).ok).toBe(true);
    expect(diffReplica(decoder.state, world)).toBeNull();
  });
});
