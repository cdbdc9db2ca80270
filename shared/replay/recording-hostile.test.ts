import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameRecording, unframeRecording } from './recording-file';
import { readRecording } from './recording-reader';
import type { ReplayEvent } from './recording';
import { RECORDING_FORMAT_VERSION, RECORDING_LIMITS, RECORDING_MAGIC, ReplayError } from './replay-format';
import { Replayer } from './replayer';
import { scriptedRound } from './test-recording';
import { verifyRecording } from './verify-recording';

const VALID = scriptedRound(21, { ticks: 240, churn: 0.05 }).bytes;
const CODES = new Set<string>(Object.values(ReplayError));

/** Decodes hostile bytes: must never throw; a failure is one of the typed codes. */
function decodeHostile(bytes: Uint8Array) {
  const result = readRecording(bytes);
  if (!result.ok) expect(CODES.has(result.code)).toBe(true);
  return result;
}

/** Byte offsets where a chunk ends (a file cut there is a shorter but valid recording). */
function chunkEnds(bytes: Uint8Array): Set<number> {
  const framed = unframeRecording(bytes);
  if (!framed.ok) throw new Error(framed.message);
  return new Set(framed.value.chunks.map((c) => c.byteOffset + c.byteLength - bytes.byteOffset));
}

describe('recording reader on hostile bytes', () => {
  it('every truncation is refused with a typed error, except at a chunk boundary (a recording cut short)', () => {
    const ends = chunkEnds(VALID);
    for (let k = 0; k < VALID.length; k++) {
      const result = decodeHostile(VALID.subarray(0, k));
      if (ends.has(k)) {
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value.endReason).toBeNull();
      } else {
        expect(result.ok, `truncated at ${k}`).toBe(false);
      }
    }
    expect(decodeHostile(VALID).ok).toBe(true);
  });

  it('refuses another magic, another version, an empty file, oversized files and chunks', () => {
    const other = VALID.slice();
    other[0] = 0x50;
    expect(decodeHostile(other)).toMatchObject({ ok: false, code: ReplayError.REPLAY_BAD_MAGIC });
    const newer = VALID.slice();
    newer[RECORDING_MAGIC.length] = RECORDING_FORMAT_VERSION + 1;
    expect(decodeHostile(newer)).toMatchObject({ ok: false, code: ReplayError.REPLAY_VERSION });
    const older = VALID.slice();
    older[RECORDING_MAGIC.length] = 1;
    expect(decodeHostile(older)).toMatchObject({ ok: false, code: ReplayError.REPLAY_VERSION });
    expect(decodeHostile(new Uint8Array(0))).toMatchObject({ ok: false, code: ReplayError.REPLAY_TRUNCATED });
    expect(decodeHostile(RECORDING_MAGIC.slice())).toMatchObject({ ok: false, code: ReplayError.REPLAY_TRUNCATED });
    expect(decodeHostile(new Uint8Array(RECORDING_LIMITS.maxFileBytes + 1))).toMatchObject({ ok: false, code: ReplayError.REPLAY_TOO_LARGE });
    // A chunk length past the limit, and one longer than the file.
    const header = [...RECORDING_MAGIC, RECORDING_FORMAT_VERSION];
    expect(decodeHostile(Uint8Array.from([...header, 0xff, 0xff, 0xff, 0x7f, 1]))).toMatchObject({ ok: false, code: ReplayError.REPLAY_OUT_OF_RANGE });
    expect(decodeHostile(Uint8Array.from([...header, 0x10, 1, 2]))).toMatchObject({ ok: false, code: ReplayError.REPLAY_TRUNCATED });
    expect(decodeHostile(Uint8Array.from([...header, 0x80, 0x80, 0x80, 0x80, 0x80, 1]))).toMatchObject({ ok: false, code: ReplayError.REPLAY_OUT_OF_RANGE });
    // A zero-length chunk, and a file of a header only.
    expect(decodeHostile(Uint8Array.from([...header, 0]))).toMatchObject({ ok: false, code: ReplayError.REPLAY_OUT_OF_RANGE });
    expect(decodeHostile(Uint8Array.from(header))).toMatchObject({ ok: false, code: ReplayError.REPLAY_TRUNCATED });
  });

  it('random bit flips and byte overwrites never throw (reading, replaying, verifying)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(VALID.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = VALID.slice();
        for (const [at, value] of edits) bytes[at] = value;
        const result = decodeHostile(bytes);
        if (result.ok) {
          // Decodable but wrong: the replay runs (bounded) and verification may say so.
          const report = verifyRecording(result.value);
          expect(typeof report.ok).toBe('boolean');
          const opened = Replayer.open(result.value);
          if (opened.ok) opened.value.seek((result.value.startTick + result.value.endTick) / 2);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('chunks of random bytes behind a valid header never throw', () => {
    const framed = unframeRecording(VALID);
    if (!framed.ok) throw new Error(framed.message);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 4 }), (tails) => {
        decodeHostile(frameRecording([framed.value.chunks[0], ...tails]));
      }),
      { numRuns: 300 },
    );
  });

  it('verification catches a recording that does not match its own results', () => {
    const decoded = readRecording(VALID);
    if (!decoded.ok) throw new Error(decoded.message);
    const events = decoded.value.events as ReplayEvent[];
    // Another button at one input early in the round: the scooter goes elsewhere.
    const at = events.findIndex((e) => e.kind === 'input' && e.tick > decoded.value.startTick + 10);
    const input = events[at] as Extract<ReplayEvent, { kind: 'input' }>;
    events[at] = { ...input, values: [input.values[0] === 8 ? 4 : 8, ...input.values.slice(1)] };
    const report = verifyRecording(decoded.value);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/keyframe differs at tick \d+: (px|py|heading|speed)\[\d\]/);
  });
});
