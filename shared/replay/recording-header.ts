import type { BitWriter } from '../protocol/bit-writer';
import type { WorldConfig } from '../sim/world';
import { RECORDING_LIMITS } from './replay-format';

/** What a recording says about itself, at the start of its first chunk. */
export interface RecordingHeader {
  /** The room's code. */
  code: string;
  /** The round's number in its room (world.round). */
  round: number;
  startedAtEpochMs: number;
  /** The room's world settings (the city comes from the seed). */
  config: WorldConfig;
  /** Ticks between the room's snapshots: what a student's interpolation delay was made of. */
  ticksPerSnapshot: number;
  /** How often the recording has a keyframe to seek from. */
  keyframeEveryTicks: number;
  houseCount: number;
  /** Who sat where when the round started. */
  names: readonly { slot: number; name: string }[];
}

const utf8 = new TextEncoder();

/** The header's fields, in REPLAY-FORMAT.md's order (the reader's readHeader mirrors it). */
export function writeRecordingHeader(w: BitWriter, h: RecordingHeader): void {
  writeText(w, h.code);
  w.writeVarUint(h.round);
  w.writeVarUint(Math.max(0, Math.round(h.startedAtEpochMs)));
  w.writeVarUint(h.config.tickRateHz);
  w.writeVarUint(h.config.maxPlayers);
  w.writeVarUint(h.config.roundSeconds);
  w.writeVarUint(h.config.resultsSeconds);
  w.writeBits(h.config.seed >>> 0, 32);
  w.writeBit(h.config.autoRounds ? 1 : 0);
  w.writeVarUint(h.ticksPerSnapshot);
  w.writeVarUint(h.keyframeEveryTicks);
  w.writeVarUint(h.houseCount);
  w.writeVarUint(h.names.length);
  for (const { slot, name } of h.names) {
    w.writeVarUint(slot);
    writeText(w, name);
  }
}

/** ue byte length, then the UTF-8 bytes (cut at RECORDING_LIMITS.maxNameBytes). */
export function writeText(w: BitWriter, text: string): void {
  const bytes = utf8.encode(text);
  // Names and codes are far shorter (16 letters); the cap keeps a reader's limit true.
  const length = Math.min(bytes.length, RECORDING_LIMITS.maxNameBytes);
  w.writeVarUint(length);
  for (let i = 0; i < length; i++) w.writeBits(bytes[i], 8);
}
