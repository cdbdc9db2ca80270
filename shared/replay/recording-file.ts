import { READABLE_RECORDING_VERSIONS, RECORDING_FORMAT_VERSION, RECORDING_LIMITS, RECORDING_MAGIC, ReplayError, type ReplayResult } from './replay-format';

/**
 * A recording file: RECORDING_MAGIC, one byte of format version, then the chunks, each as its
 * byte length (unsigned LEB128) and its bytes. Chunks are cut every few seconds while the
 * round runs (each is what the owner stores at a time); framing keeps them apart because each
 * is its own byte-aligned bit stream.
 *
 *   52 54 52 50 | 03 | len0 chunk0 (header, start keyframe, ...) | len1 chunk1 | ...
 */
export function frameRecording(chunks: readonly Uint8Array[]): Uint8Array {
  let total = RECORDING_MAGIC.length + 1;
  for (const chunk of chunks) total += leb128Length(chunk.length) + chunk.length;
  const out = new Uint8Array(total);
  out.set(RECORDING_MAGIC, 0);
  out[RECORDING_MAGIC.length] = RECORDING_FORMAT_VERSION;
  let at = RECORDING_MAGIC.length + 1;
  for (const chunk of chunks) {
    at = writeLeb128(out, at, chunk.length);
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A recording file's chunks (views into its bytes, no copies) and the format they are in. */
export interface RecordingChunks {
  readonly version: number;
  readonly chunks: Uint8Array[];
}

/** The chunks of a recording file and its format version, or why it is not one this build reads. */
export function unframeRecording(bytes: Uint8Array): ReplayResult<RecordingChunks> {
  if (bytes.length > RECORDING_LIMITS.maxFileBytes) return fail(ReplayError.REPLAY_TOO_LARGE, `recordings are at most ${RECORDING_LIMITS.maxFileBytes} bytes`);
  if (bytes.length < RECORDING_MAGIC.length + 1) {
    const prefixOk = RECORDING_MAGIC.subarray(0, bytes.length).every((b, i) => bytes[i] === b);
    return prefixOk ? fail(ReplayError.REPLAY_TRUNCATED, 'the file ends inside its header') : fail(ReplayError.REPLAY_BAD_MAGIC, 'not a Roundtrip recording');
  }
  for (let i = 0; i < RECORDING_MAGIC.length; i++) if (bytes[i] !== RECORDING_MAGIC[i]) return fail(ReplayError.REPLAY_BAD_MAGIC, 'not a Roundtrip recording');
  const version = bytes[RECORDING_MAGIC.length];
  if (!READABLE_RECORDING_VERSIONS.includes(version)) {
    return fail(ReplayError.REPLAY_VERSION, `recording format ${version}; this build reads formats ${READABLE_RECORDING_VERSIONS.join(' and ')}`);
  }
  const chunks: Uint8Array[] = [];
  let at = RECORDING_MAGIC.length + 1;
  while (at < bytes.length) {
    let length = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) return fail(ReplayError.REPLAY_TRUNCATED, 'the file ends inside a chunk length');
      const byte = bytes[at++];
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) return fail(ReplayError.REPLAY_OUT_OF_RANGE, 'a chunk length is too long');
    }
    if (length === 0 || length > RECORDING_LIMITS.maxChunkBytes) return fail(ReplayError.REPLAY_OUT_OF_RANGE, `chunk ${chunks.length} has ${length} bytes`);
    if (at + length > bytes.length) return fail(ReplayError.REPLAY_TRUNCATED, `the file ends inside chunk ${chunks.length}`);
    if (chunks.length >= RECORDING_LIMITS.maxChunks) return fail(ReplayError.REPLAY_TOO_LARGE, `more than ${RECORDING_LIMITS.maxChunks} chunks`);
    chunks.push(bytes.subarray(at, at + length));
    at += length;
  }
  if (chunks.length === 0) return fail(ReplayError.REPLAY_TRUNCATED, 'the recording has no chunks');
  return { ok: true, value: { version, chunks } };
}

function leb128Length(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

function writeLeb128(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}

function fail<T>(code: ReplayError, message: string): ReplayResult<T> {
  return { ok: false, code, message };
}
