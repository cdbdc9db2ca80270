import { describe, expect, it } from 'vitest';
import { MsgCode } from './msg-code';
import { SnapshotDecoder } from './snapshot-decoder';
import { SnapshotEncoder } from './snapshot-encoder';
import { diffReplica, fromHex, makeTestWorld, toHex } from './test-world';

/**
 * Pinned bytes: any change here is a wire format change (bump PROTOCOL_VERSION and update
 * PROTOCOL.md). The keyframe opens, bit by bit (see PROTOCOL.md):
 *   02                 MsgCode.Keyframe
 *   0001011            tick 10 (Exp-Golomb)
 *   01                 phase 1
 *   0000001100101      phaseEndTick 100
 *   010                round 1
 *   011                slotCount 3 (3 bits for maxPlayers 4)
 *   1 1 00000001100100 1 ...   slot 0 present, connected, px 100 (zigzag 200) ...
 * and each record goes on in player-fields.ts order: py, heading, speed, ackSeq, ackLate,
 * carrying, score, then the prevDeltas of the four motion fields (px, py, heading, speed).
 */
const KEYFRAME_HEX = '021681953c064806450000a221a0f7d0a380073e98144580';
/** tick +1; slot 0: x, heading and seq residuals; slot 2 removed; house 1 order closed. */
const DELTA_HEX = '019d50546dd21a';
/** tick +1; slot 0 exactly as predicted (same speed and turn rate, no new input): one bit. */
const PREDICTED_HEX = '0188';
/**
 * tick +1; slot 0's next input (seq 9) was on time (ackLate 2 -> 0), all else as predicted:
 *   1 0 001 | 10 000011 (seq and the state group) | 1 (seq +1, a step: se(1 - 1)) |
 *   1 1 01 00000111101 (connected, ackLate 0, carrying 1, score 30) | 0 orders | padding
 */
const ON_TIME_AGAIN_HEX = '018c1f41e8';

function buildWorld() {
  const w = makeTestWorld(4, 3);
  w.tick = 10;
  w.phase = 1;
  w.phaseEndTick = 100;
  w.round = 1;
  w.active[0] = 1;
  w.connected[0] = 1;
  w.px[0] = 100;
  w.py[0] = 200;
  w.heading[0] = 1024;
  w.speed[0] = 40;
  w.ackSeq[0] = 7;
  w.ackLate[0] = 2;
  w.carrying[0] = 1;
  w.score[0] = 30;
  w.active[2] = 1;
  w.px[2] = -5;
  w.py[2] = 3;
  w.orderExpireTick[1] = 50;
  w.orderPlacedTick[1] = 5;
  return w;
}

describe('snapshot golden bytes', () => {
  it('encodes a keyframe, a delta and a predicted delta to pinned bytes', () => {
    const world = buildWorld();
    const encoder = new SnapshotEncoder(4, 3);
    const decoder = new SnapshotDecoder(4, 3);

    const keyframe = encoder.encodeKeyframe(world);
    expect(keyframe[0]).toBe(MsgCode.Keyframe);
    expect(toHex(keyframe)).toBe(KEYFRAME_HEX);
    expect(decoder.apply(fromHex(KEYFRAME_HEX))).toEqual({ ok: true, keyframe: true });
    const s = decoder.state;
    expect([s.tick, s.phase, s.phaseEndTick, s.round]).toEqual([10, 1, 100, 1]);
    expect(Array.from(s.active)).toEqual([1, 0, 1, 0]);
    expect([s.connected[0], s.px[0], s.py[0], s.heading[0], s.speed[0], s.ackSeq[0], s.ackLate[0], s.carrying[0], s.score[0]]).toEqual([
      1, 100, 200, 1024, 40, 7, 2, 1, 30,
    ]);
    expect([s.connected[2], s.px[2], s.py[2]]).toEqual([0, -5, 3]);
    expect(Array.from(s.orderExpireTick)).toEqual([0, 50, 0]);
    expect(Array.from(s.orderPlacedTick)).toEqual([0, 5, 0]);

    world.tick = 11;
    world.px[0] = 110;
    world.heading[0] = 1030;
    world.ackSeq[0] = 8;
    world.active[2] = 0;
    world.px[2] = 0;
    world.py[2] = 0;
    world.orderExpireTick[1] = 0;
    const delta = encoder.encodeDelta(world);
    expect(delta[0]).toBe(MsgCode.Snapshot);
    expect(toHex(delta)).toBe(DELTA_HEX);
    expect(decoder.apply(fromHex(DELTA_HEX))).toEqual({ ok: true, keyframe: false });
    expect(diffReplica(decoder.state, world)).toBeNull();
    expect(Array.from(s.active)).toEqual([1, 0, 0, 0]);
    expect(Array.from(s.orderPlacedTick)).toEqual([0, 5, 0]); // kept as the world keeps it

    // Same velocity and turn rate, and no new input: the prediction is right everywhere.
    world.tick = 12;
    world.px[0] = 120;
    world.heading[0] = 1036;
    expect(toHex(encoder.encodeDelta(world))).toBe(PREDICTED_HEX);
    expect(decoder.apply(fromHex(PREDICTED_HEX)).ok).toBe(true);
    expect([s.tick, s.px[0], s.heading[0], s.ackSeq[0]]).toEqual([12, 120, 1036, 8]);

    world.tick = 13;
    world.px[0] = 130;
    world.heading[0] = 1042;
    world.ackSeq[0] = 9;
    world.ackLate[0] = 0;
    expect(toHex(encoder.encodeDelta(world))).toBe(ON_TIME_AGAIN_HEX);
    expect(decoder.apply(fromHex(ON_TIME_AGAIN_HEX)).ok).toBe(true);
    expect(diffReplica(decoder.state, world)).toBeNull();
  });

  it('encodes a world of separately allocated arrays to the same bytes (no shared block to copy)', () => {
    const packed = buildWorld();
    // The same values in arrays of their own: the encoder cannot copy the baseline in one go.
    const loose = { ...packed } as Record<string, unknown>;
    for (const [key, value] of Object.entries(packed)) if (ArrayBuffer.isView(value)) loose[key] = (value as Uint8Array).slice();
    const world = loose as unknown as typeof packed;
    const a = new SnapshotEncoder(4, 3);
    const b = new SnapshotEncoder(4, 3);
    expect(toHex(b.encodeKeyframe(world))).toBe(toHex(a.encodeKeyframe(packed)));
    for (const w of [packed, world]) {
      w.tick = 11;
      w.px[0] = 110;
      w.heading[0] = 1030;
      w.ackSeq[0] = 8;
      w.active[2] = 0;
      w.px[2] = 0;
      w.py[2] = 0;
      w.orderExpireTick[1] = 0;
    }
    expect(toHex(b.encodeDelta(world))).toBe(DELTA_HEX);
    expect(toHex(a.encodeDelta(packed))).toBe(DELTA_HEX);
    expect(toHex(b.encodeBaselineKeyframe())).toBe(toHex(a.encodeBaselineKeyframe()));
  });

  it('gives a joiner the baseline: the next delta applies on top', () => {
    const world = buildWorld();
    const encoder = new SnapshotEncoder(4, 3);
    encoder.encodeKeyframe(world);
    world.tick = 11;
    world.px[0] = 110;
    encoder.encodeDelta(world);
    const joiner = new SnapshotDecoder(4, 3);
    expect(joiner.apply(encoder.encodeBaselineKeyframe()).ok).toBe(true);
    expect(diffReplica(joiner.state, world)).toBeNull();
    world.tick = 13;
    world.px[0] = 130; // two ticks, 10 per tick: prediction said +10 per snapshot, residual +10
    expect(joiner.apply(encoder.encodeDelta(world)).ok).toBe(true);
    expect(diffReplica(joiner.state, world)).toBeNull();
  });

  it('throws (our bug) on a delta that does not advance the tick or a world of another shape', () => {
    const world = buildWorld();
    const encoder = new SnapshotEncoder(4, 3);
    encoder.encodeKeyframe(world);
    expect(() => encoder.encodeDelta(world)).toThrow(RangeError);
    expect(() => new SnapshotEncoder(5, 3).encodeKeyframe(world)).toThrow(RangeError);
    world.tick = 11;
    world.heading[0] = 4096;
    expect(() => encoder.encodeDelta(world)).toThrow(RangeError);
  });
});
