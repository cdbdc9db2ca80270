import { describe, expect, it } from 'vitest';
import { BUTTON_MASK } from '../sim/constants';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { nextInt, nextRandom, type RngHolder } from '../sim/rng';
import { startRound } from '../sim/round';
import { packControl, packSteer } from '../sim/steering';
import { createWorld, DEFAULT_WORLD_CONFIG } from '../sim/world';
import { frameRecording } from './recording-file';
import { readRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { STEER_GRID_STEPS } from './steer-code';
import { EndReason, KeyframeReason } from './replay-format';

/** What a log entry should read back as (an RTT only when it changed). */
type Expected = { kind: 'input'; tick: number; slot: number; values: number[] } | { kind: 'delivery'; tick: number; slot: number; count: number; points: number } | { kind: 'rtt'; tick: number; slot: number; rttMs: number };

/**
 * A seeded log of every kind of entry the input run codes on its own path or hands to the
 * writer's: keep-alives, new buttons, steer changes, seq jumps, late inputs, deliveries, RTT
 * samples (some unchanged), tick gaps short and long, slots far apart; coded at random points
 * and cut into chunks now and then, as a room's recorder does.
 */
function randomRun(seed: number, maxPlayers: number): { bytes: Uint8Array; expected: Expected[] } {
  const rng: RngHolder = { rngState: seed };
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed, maxPlayers, autoRounds: false });
  startRound(world);
  const writer = new RecordingWriter(maxPlayers);
  writer.header({ code: 'RUN', round: 1, startedAtEpochMs: 0, config: world.config, ticksPerSnapshot: 1, keyframeEveryTicks: 150, houseCount: world.city.houses.length, names: [] });
  writer.keyframe(world.tick, KeyframeReason.Start, world);
  const log = writer.log;
  const buttons = new Uint8Array(maxPlayers);
  const steer = new Uint16Array(maxPlayers);
  const late = new Uint8Array(maxPlayers);
  const seq = new Uint32Array(maxPlayers);
  const rtt = new Int32Array(maxPlayers).fill(-1);
  const expected: Expected[] = [];
  const chunks: Uint8Array[] = [];
  let tick = world.tick;
  for (let t = 0; t < 600; t++) {
    const r = nextRandom(rng);
    tick += r < 0.03 ? 1 + nextInt(rng, 5000) : r < 0.1 ? 2 + nextInt(rng, 40) : 1;
    if (nextRandom(rng) < 0.05) {
      for (let slot = 0; slot < maxPlayers; slot++) {
        if (nextRandom(rng) < 0.5) continue;
        const ms = nextRandom(rng) < 0.3 && rtt[slot] >= 0 ? rtt[slot] : nextInt(rng, 900);
        log.addRtt(tick, slot, ms);
        if (ms !== rtt[slot]) expected.push({ kind: 'rtt', tick, slot, rttMs: ms });
        rtt[slot] = ms;
      }
    }
    for (let slot = 0; slot < maxPlayers; slot++) {
      if (nextRandom(rng) < 0.7) continue;
      const what = nextRandom(rng);
      if (what < 0.4) buttons[slot] = nextInt(rng, BUTTON_MASK + 1);
      else if (what < 0.6) {
        // Let go, a target anywhere, or (mostly) a few aim steps round, as a stick turns.
        const how = nextRandom(rng);
        const throttle = how < 0.8 && steer[slot] !== 0 ? steer[slot] >>> 12 : 1 + nextInt(rng, 15);
        const turned = ((steer[slot] & 4095) + STEER_GRID_STEPS * (nextInt(rng, 9) - 4) + 4096) & 4095;
        steer[slot] = how < 0.1 ? 0 : how < 0.3 ? packSteer(nextInt(rng, 4096), 1 + nextInt(rng, 15)) : packSteer(turned, throttle);
      }
      late[slot] = nextRandom(rng) < 0.05 ? 1 + nextInt(rng, 4) : 0;
      seq[slot] = nextRandom(rng) < 0.03 ? nextInt(rng, 0x7fffffff) * 2 + nextInt(rng, 2) : (seq[slot] + 1) >>> 0;
      log.add(tick, slot, packControl(buttons[slot], steer[slot]), seq[slot], late[slot]);
      expected.push({ kind: 'input', tick, slot, values: [buttons[slot], steer[slot], seq[slot], late[slot]] });
    }
    if (nextRandom(rng) < 0.1) {
      const slot = nextInt(rng, maxPlayers);
      const count = 1 + nextInt(rng, 3);
      const points = nextInt(rng, 400) - 100;
      writer.delivery(tick, slot, count, points);
      expected.push({ kind: 'delivery', tick, slot, count, points });
    }
    if (nextRandom(rng) < 0.05 || log.count >= log.drainAt) writer.codeInputs();
    if (nextRandom(rng) < 0.02) chunks.push(writer.cut()!);
  }
  writer.end(tick, EndReason.TeacherEnded);
  chunks.push(writer.cut()!);
  return { bytes: frameRecording(chunks), expected };
}

describe('the input run', () => {
  it('codes every kind of log entry so that the reader reads back exactly what was logged', () => {
    expect(INPUT_FIELD_NAMES).toEqual(['buttons', 'steer', 'seq', 'late']);
    for (const [seed, maxPlayers] of [
      [1, 4],
      [2, 20],
      [3, 40],
      [4, 200],
    ]) {
      const { bytes, expected } = randomRun(seed, maxPlayers);
      const read = readRecording(bytes);
      if (!read.ok) throw new Error(`${read.code}: ${read.message}`);
      const events = read.value.events
        .filter((e) => e.kind === 'input' || e.kind === 'delivery' || e.kind === 'rtt')
        .map((e) => (e.kind === 'input' ? { ...e, values: [...e.values] } : e));
      expect(expected.filter((e) => e.kind === 'input').length).toBeGreaterThan(500);
      expect(events).toEqual(expected);
    }
  });
});
