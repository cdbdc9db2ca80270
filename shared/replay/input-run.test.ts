import { describe, expect, it } from 'vitest';
import { BitWriter } from '../protocol/bit-writer';
import { AppliedInputLog, APPLIED_INPUT_WORDS, DELIVERY_MARK, ENTRY_CONTROL_MASK, LATE_MARK, RTT_MARK, TICK_MARK } from './applied-input-log';
import { writeInput } from './input-coder';
import { codeInputRun, createTickBlocks, openBlock, writeDelivery, writeRtt, type TickBlocks } from './input-run';
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
import { EndReason, EventKind, KeyframeReason } from './replay-format';

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

/** The log coded entry by entry through the writer's own paths: what the run must write, bit for bit. */
function codeOneByOne(w: BitWriter, log: AppliedInputLog, last: Uint32Array, rttMs: Int32Array, maxPlayers: number, b: TickBlocks): void {
  const words = log.words;
  let late = 0;
  for (let k = 0, at = 0; k < log.count; k++, at += APPLIED_INPUT_WORDS) {
    const head = words[at];
    const slot = head >>> 24;
    if (slot === TICK_MARK) openBlock(w, b, words[at + 1]);
    else if (slot === LATE_MARK) late = head & 0xff;
    else if (slot === DELIVERY_MARK) writeDelivery(w, head & 0xff, (head >>> 8) & 0xffff, words[at + 1] | 0);
    else if (slot === RTT_MARK) {
      if (words[at + 1] !== rttMs[head & 0xff]) writeRtt(w, rttMs, head & 0xff, words[at + 1]);
    } else {
      const gap = slot - b.lastInputSlot - 1;
      b.lastInputSlot = slot;
      writeInput(w, last, maxPlayers, slot, gap, head & ENTRY_CONTROL_MASK, words[at + 1], late);
      late = 0;
    }
  }
  log.drained();
}

/** One side of the comparison: a log, a writer (starting tiny, so the run's reserve grows it) and the coder's state. */
function side(maxPlayers: number) {
  const log = new AppliedInputLog(maxPlayers);
  log.recording = true;
  return { log, w: new BitWriter(1), last: new Uint32Array(4 * maxPlayers), rtt: new Int32Array(maxPlayers).fill(-1), blocks: createTickBlocks() };
}

describe('the input run, against the writer entry by entry', () => {
  it('writes the same bits and leaves the same prediction state, through cuts and every kind of entry', () => {
    for (const [seed, maxPlayers] of [
      [7, 3],
      [8, 20],
      [9, 64],
      [10, 250],
    ]) {
      const rng: RngHolder = { rngState: seed };
      const run = side(maxPlayers);
      const ref = side(maxPlayers);
      const both = (f: (s: ReturnType<typeof side>) => void) => [run, ref].forEach(f);
      const buttons = new Uint8Array(maxPlayers);
      const steer = new Uint16Array(maxPlayers);
      const seq = new Uint32Array(maxPlayers);
      let tick = 0;
      let compared = 0;
      for (let t = 0; t < 3000; t++) {
        const r = nextRandom(rng);
        tick += r < 0.01 ? 500 + nextInt(rng, 20) : r < 0.05 ? 2 + nextInt(rng, 600) : 1;
        if (nextRandom(rng) < 0.03) {
          for (let slot = 0; slot < maxPlayers; slot += 1 + nextInt(rng, 3)) {
            const ms = nextInt(rng, 2) === 0 ? 40 : nextInt(rng, 5000);
            both((s) => s.log.addRtt(tick, slot, ms));
          }
        }
        for (let slot = nextInt(rng, 3); slot < maxPlayers; slot += 1 + nextInt(rng, nextRandom(rng) < 0.05 ? 200 : 4)) {
          const what = nextRandom(rng);
          if (what < 0.4) buttons[slot] = nextInt(rng, 256);
          else if (what < 0.7) {
            const how = nextRandom(rng);
            const turned = ((steer[slot] & 4095) + STEER_GRID_STEPS * (nextInt(rng, 41) - 20) + 4096) & 4095;
            steer[slot] = how < 0.1 ? 0 : how < 0.3 ? nextInt(rng, 0x10000) : packSteer(turned, how < 0.8 && steer[slot] !== 0 ? steer[slot] >>> 12 : nextInt(rng, 16));
          }
          seq[slot] = nextRandom(rng) < 0.03 ? nextInt(rng, 0x7fffffff) * 2 : (seq[slot] + 1) >>> 0;
          const late = nextRandom(rng) < 0.05 ? nextInt(rng, 256) : 0;
          both((s) => s.log.add(tick, slot, packControl(buttons[slot], steer[slot]), seq[slot], late));
        }
        if (nextRandom(rng) < 0.1) {
          const slot = nextInt(rng, maxPlayers);
          const count = 1 + nextInt(rng, 300);
          const points = nextInt(rng, 100_000) - 50_000;
          both((s) => s.log.addDelivery(tick, slot, count, points));
        }
        if (nextRandom(rng) < 0.1 || run.log.count >= run.log.drainAt) {
          codeInputRun(run.w, run.log, run.last, run.rtt, maxPlayers, run.blocks);
          codeOneByOne(ref.w, ref.log, ref.last, ref.rtt, maxPlayers, ref.blocks);
          expect(run.w.bitLength).toBe(ref.w.bitLength);
          expect(run.blocks).toEqual(ref.blocks);
        }
        if (nextRandom(rng) < 0.02) {
          codeInputRun(run.w, run.log, run.last, run.rtt, maxPlayers, run.blocks);
          codeOneByOne(ref.w, ref.log, ref.last, ref.rtt, maxPlayers, ref.blocks);
          // As the writer's cut: close the open block, hand the bytes out, start a chunk.
          both((s) => {
            if (s.blocks.blockTick >= 0) s.w.writeVarUint(EventKind.EndBlock);
            s.blocks.blockTick = -1;
            s.blocks.firstBlockOfChunk = true;
          });
          expect(Array.from(run.w.finish())).toEqual(Array.from(ref.w.finish()));
          expect(Array.from(run.last)).toEqual(Array.from(ref.last));
          expect(Array.from(run.rtt)).toEqual(Array.from(ref.rtt));
          both((s) => s.w.reset());
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(30);
    }
  });
});
