import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitWriter } from './bit-writer';
import { ErrorCode } from './error-code';
import { MsgCode } from './msg-code';
import { SnapshotDecoder } from './snapshot-decoder';
import { SnapshotEncoder } from './snapshot-encoder';
import { ScooterScenario } from './test-scenario';
import { snapshotOf } from './test-world';

const MAX_PLAYERS = 8;
const HOUSES = 6;

/** A valid stream: keyframe, then deltas with joins, leaves, orders, and a keyframe midway. */
function validStream(): Uint8Array[] {
  const scenario = new ScooterScenario({ maxPlayers: MAX_PLAYERS, houseCount: HOUSES, players: 5, seed: 3, churn: 0.1 });
  const encoder = new SnapshotEncoder(MAX_PLAYERS, HOUSES);
  const out: Uint8Array[] = [];
  for (let t = 0; t < 60; t++) {
    scenario.tick();
    const bytes = t === 0 || t === 30 ? encoder.encodeKeyframe(scenario.world) : encoder.encodeDelta(scenario.world);
    out.push(bytes.slice());
  }
  return out;
}

const STREAM = validStream();

/** Applies bytes that may be hostile: must not throw; a rejection must leave the state as it was. */
function applyHostile(decoder: SnapshotDecoder, bytes: Uint8Array): ReturnType<SnapshotDecoder['apply']> {
  const before = snapshotOf(decoder.state);
  const result = decoder.apply(bytes);
  if (!result.ok) expect(snapshotOf(decoder.state)).toBe(before);
  return result;
}

describe('snapshot decoder on hostile input', () => {
  it('rejects every truncation of every valid message as truncated, state unchanged', () => {
    const decoder = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
    for (const message of STREAM) {
      for (let k = 0; k < message.length; k++) {
        const result = applyHostile(decoder, message.subarray(0, k));
        expect(result).toEqual({ ok: false, code: k === 0 ? ErrorCode.PROTO_EMPTY : ErrorCode.PROTO_TRUNCATED });
      }
      expect(decoder.apply(message).ok).toBe(true);
    }
  });

  it('rejects trailing bytes, unknown codes, and deltas before a keyframe', () => {
    const decoder = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
    expect(decoder.apply(STREAM[1])).toEqual({ ok: false, code: ErrorCode.PROTO_NO_KEYFRAME });
    expect(decoder.apply(new Uint8Array([MsgCode.Input, 0, 0, 0, 0, 0]))).toEqual({ ok: false, code: ErrorCode.PROTO_UNKNOWN_CODE });
    const padded = new Uint8Array(STREAM[0].length + 1);
    padded.set(STREAM[0]);
    expect(decoder.apply(padded)).toEqual({ ok: false, code: ErrorCode.PROTO_OVERSIZED });
    expect(decoder.apply(new Uint8Array(decoder.maxBytes + 1).fill(MsgCode.Keyframe))).toEqual({
      ok: false,
      code: ErrorCode.PROTO_OVERSIZED,
    });
    expect(decoder.synced).toBe(false);
  });

  it('bounds counts read from the wire before looping', () => {
    const decoder = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
    // Keyframe with slotCount 15 (> maxPlayers 8; 4 bits wide).
    const w = new BitWriter();
    w.writeBits(MsgCode.Keyframe, 8);
    w.writeVarUint(1);
    w.writeBits(0, 2);
    w.writeVarUint(0);
    w.writeVarUint(0);
    w.writeBits(15, 4);
    expect(decoder.apply(w.finish())).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    // Keyframe with no players and an order count of 2^40.
    w.reset();
    w.writeBits(MsgCode.Keyframe, 8);
    w.writeVarUint(1);
    w.writeBits(0, 2);
    w.writeVarUint(0);
    w.writeVarUint(0);
    w.writeBits(0, 4);
    w.writeVarUint(2 ** 40);
    expect(decoder.apply(w.finish())).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    // An Exp-Golomb prefix longer than anything we write.
    const zeros = new Uint8Array(40);
    zeros[0] = MsgCode.Keyframe;
    zeros[39] = 0xff;
    expect(decoder.apply(zeros)).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
  });

  it('never throws on random bytes after a valid keyframe (property)', () => {
    const decoder = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
    expect(decoder.apply(STREAM[0]).ok).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(MsgCode.Keyframe, MsgCode.Snapshot, 0, 7), (bytes, code) => {
        if (bytes.length > 0) bytes[0] = code;
        applyHostile(decoder, bytes);
        if (!decoder.synced) expect(decoder.apply(STREAM[0]).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated valid messages, and keeps state on rejection (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: STREAM.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        (index, flips) => {
          const decoder = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
          for (let i = 0; i < index; i++) expect(decoder.apply(STREAM[i]).ok).toBe(true);
          const mutated = STREAM[index].slice();
          for (const f of flips) mutated[f.at % mutated.length] ^= f.xor;
          applyHostile(decoder, mutated);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
