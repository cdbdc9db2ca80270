import { describe, expect, it } from 'vitest';
import { createInputFrame } from '../sim/world';
import { addPlayer } from '../sim/players';
import { packSteer } from '../sim/steering';
import { startRound } from '../sim/round';
import { createWorld, DEFAULT_WORLD_CONFIG } from '../sim/world';
import { frameRecording } from './recording-file';
import { readRecording } from './recording-reader';
import { RecordingWriter } from './recording-writer';
import { EndReason, KeyframeReason } from './replay-format';

/**
 * Pinned bytes: any change here is a format change (bump RECORDING_FORMAT_VERSION and update
 * REPLAY-FORMAT.md). The file opens
 *   52 54 52 50 03     "RTRP", format 3 (2 coded a changed steer target as a 16-bit residual;
 *                      1 had no steer input field: protocol v2)
 *   57                 chunk 0: 87 bytes
 *   00101 01000001 01000010 01000011 01000100 010 ...
 *                      header: code "ABCD" (ue 4, then a byte a letter), round ue 1, ...
 * and ends with chunk 1 (6 bytes: drop, leave, end), bit by bit:
 *   00100 00111 010 011          block at tick 3 (absolute, first of its chunk): Drop slot 1, EndBlock
 *   010 0001001 010              block at tick +1: Leave slot 1
 *   0001100 010 011 00000        End (TeacherEnded), EndBlock, zero padding
 */
const GOLDEN_HEX = 
  '5254525003572a0a121a220000000000c5e7f2b40087d83d160000000e4025c14a9105b9862b4007094051fc3055bac1ef00023808002701c00e400003048030b85001d2c260042aad0697fe0411a57361205b32684de2c4303285419b0621d34250c4c0';

/**
 * The same recording as format 2 wrote it (without the tick-2 input): finished rounds recorded
 * before format 3 are kept as such files, and this build still reads them.
 */
const FORMAT_2_HEX =
  '5254525002572a0a121a220000000000c5e7f2b40087d83d160000000e4025c14a9105b9862b4007094051fc3055bac1ef00023808002701c00e400003048030b85001d2c260042aad069780007a00468902d993426f162181942a0cd80621d34250c4c0';

/** Point-steering toward heading 1024 (south) at full throttle. */
const STEER = packSteer(1024, 15);
/** Then one aim step (of 128) clockwise, at 9/15 throttle: 1 + 4 + 1 + 3 bits in format 3. */
const TURN = packSteer(1024 + 32, 9);

function goldenRecording(withTurn = true): Uint8Array {
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed: 7, maxPlayers: 2, roundSeconds: 60, autoRounds: false });
  addPlayer(world, 0);
  startRound(world);
  const writer = new RecordingWriter(2);
  writer.header({
    code: 'ABCD',
    round: 1,
    startedAtEpochMs: 1_700_000_000_000,
    config: world.config,
    ticksPerSnapshot: 1,
    keyframeEveryTicks: 150,
    houseCount: world.city.houses.length,
    names: [{ slot: 0, name: 'Ana' }],
  });
  writer.keyframe(0, KeyframeReason.Start, world);
  const frame = createInputFrame(2);
  frame.buttons[0] = 1;
  frame.seq[0] = 1;
  writer.input(0, 0, frame);
  // Protocol version 3: the next input point-steers (buttons 0, a target heading and throttle).
  frame.buttons[0] = 0;
  frame.steer[0] = STEER;
  frame.seq[0] = 2;
  writer.input(1, 0, frame);
  if (withTurn) {
    frame.steer[0] = TURN;
    frame.seq[0] = 3;
    writer.input(2, 0, frame);
  }
  writer.rtt(2, 0, 45);
  writer.join(2, 1, 'Bo');
  writer.teacher(2, 'conditions', 1, { latencyMs: 100, jitterMs: 20, lossPct: 5 });
  const first = writer.cut()!;
  writer.drop(3, 1);
  writer.leave(4, 1);
  writer.end(4, EndReason.TeacherEnded);
  return frameRecording([first, writer.cut()!]);
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('recording golden bytes', () => {
  it('a small recording encodes to the pinned bytes', () => {
    expect(toHex(goldenRecording())).toBe(GOLDEN_HEX);
  });

  it.each([
    ['format 3', GOLDEN_HEX, true],
    ['format 2', FORMAT_2_HEX, false],
  ] as const)('the pinned bytes (%s) decode to what was written', (_format, hex, withTurn) => {
    const result = readRecording(Buffer.from(hex, 'hex'));
    if (!result.ok) throw new Error(result.message);
    const r = result.value;
    expect(r.header).toMatchObject({ code: 'ABCD', round: 1, startedAtEpochMs: 1_700_000_000_000, ticksPerSnapshot: 1, keyframeEveryTicks: 150, names: [{ slot: 0, name: 'Ana' }] });
    expect(r.header.config).toEqual({ tickRateHz: 30, maxPlayers: 2, roundSeconds: 60, resultsSeconds: 10, seed: 7, autoRounds: false });
    expect(r.events.map((e) => (e.kind === 'keyframe' ? { kind: e.kind, tick: e.tick, reason: e.reason } : e))).toEqual([
      { kind: 'keyframe', tick: 0, reason: KeyframeReason.Start },
      { kind: 'input', tick: 0, slot: 0, values: [1, 0, 1, 0] },
      { kind: 'input', tick: 1, slot: 0, values: [0, STEER, 2, 0] },
      ...(withTurn ? [{ kind: 'input', tick: 2, slot: 0, values: [0, TURN, 3, 0] }] : []),
      { kind: 'rtt', tick: 2, slot: 0, rttMs: 45 },
      { kind: 'join', tick: 2, slot: 1, name: 'Bo' },
      { kind: 'teacher', tick: 2, mark: 'conditions', playerId: 1, conditions: { latencyMs: 100, jitterMs: 20, lossPct: 5 } },
      { kind: 'drop', tick: 3, slot: 1 },
      { kind: 'leave', tick: 4, slot: 1 },
      { kind: 'end', tick: 4, reason: EndReason.TeacherEnded },
    ]);
    expect(r.endReason).toBe(EndReason.TeacherEnded);
    expect(r.endTick).toBe(4);
  });
});
