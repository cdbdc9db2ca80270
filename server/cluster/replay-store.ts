import { createHash } from 'node:crypto';
import { frameRecording } from '../../shared/replay/recording-file';
import { EndReason } from '../../shared/replay/replay-format';
import type { FinishedRecording } from '../rooms/recording-shapes';

/** How many recordings are kept, and for how long (named config: REPLAY_*). */
export interface ReplayLimits {
  /** Finished rounds kept per room, newest first. @default 10 */
  roundsPerRoom: number;
  /** All recordings together, in bytes; past it the oldest go first. @default 64 MiB */
  maxTotalBytes: number;
  /** A recording is forgotten this long after its round ended. @default 12 h (a teacher token's life) */
  ttlMs: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { roundsPerRoom: 10, maxTotalBytes: 64 * 1024 * 1024, ttlMs: 12 * 3600_000 };

export const END_REASON_NAMES: Record<EndReason, string> = {
  [EndReason.TimeUp]: 'time-up',
  [EndReason.TeacherEnded]: 'teacher-ended',
  [EndReason.Restarted]: 'restarted',
  [EndReason.RoomClosed]: 'room-closed',
  [EndReason.TooLarge]: 'too-large',
};

/** One round of a room, as the API lists it. */
export interface RoundInfo {
  round: number;
  /** 'lost': the round ended but part of its recording was (Redis lost it). */
  status: 'running' | 'finished' | 'lost';
  startedAtEpochMs: number;
  endedAtEpochMs?: number;
  endReason?: string;
  /** The recording file's size and strong validator (finished rounds). */
  bytes?: number;
  etag?: string;
  playerMinutes?: number;
}

export type StoredReplay = { info: RoundInfo; bytes: Uint8Array | null };

/**
 * Where finished rounds' recordings are kept and served from (issue 14): this node's memory
 * (mirrored to files to outlive a restart), or Redis in a cluster, so a room that fails over
 * keeps recording on its new owner and any node serves any room's recordings.
 */
export interface ReplayStore {
  /**
   * Chunks put during a round outlive this process (Redis): the recorder may drop them once
   * stored, and the next owner finds them. False: the recorder keeps a running round whole.
   */
  readonly durable: boolean;
  /** A new room took this code: recordings of an earlier room under it are not its own. */
  forgetRoom(code: string): Promise<void>;
  /** A round began (listed as running). */
  begin(code: string, round: number, startedAtEpochMs: number): Promise<void>;
  /** Chunks `firstIndex`.. of a running round (durable stores; a chunk put again replaces itself). */
  putChunks(code: string, round: number, firstIndex: number, chunks: readonly Uint8Array[]): Promise<void>;
  /** A round ended: its recording is whole and never changes again. */
  finish(code: string, finished: FinishedRecording): Promise<RoundInfo>;
  /** A round's recording stopped on a failure: it is not listed any more. */
  abandon(code: string, round: number): Promise<void>;
  /** The room's rounds, oldest first. */
  list(code: string): Promise<RoundInfo[]>;
  /** A round and, once finished, its recording file. */
  load(code: string, round: number): Promise<StoredReplay | null>;
}

/** The file and its validators, for a finished round whose chunks are all here. */
export function finishedInfo(finished: FinishedRecording, chunks: readonly Uint8Array[]): { info: RoundInfo; file: Uint8Array } {
  const file = frameRecording(chunks);
  return {
    file,
    info: {
      round: finished.round,
      status: 'finished',
      startedAtEpochMs: finished.startedAtEpochMs,
      endedAtEpochMs: finished.endedAtEpochMs,
      endReason: END_REASON_NAMES[finished.endReason] ?? 'unknown',
      bytes: file.length,
      // Strong (RFC 9110 §8.8.3): the hash of the exact bytes, which never change.
      etag: `"${createHash('sha256').update(file).digest('base64url').slice(0, 27)}"`,
      playerMinutes: Math.round(finished.playerMinutes * 1000) / 1000,
    },
  };
}

/** What a store keeps of one finished recording, for the size cap and the TTL. */
export interface KeptEntry {
  code: string;
  round: number;
  bytes: number;
  endedAtEpochMs: number;
}

/**
 * Which kept recordings go, given everything kept: past the TTL, beyond the room's newest
 * `roundsPerRoom`, and then the oldest until the total fits.
 */
export function evictions(entries: readonly KeptEntry[], limits: ReplayLimits, nowEpochMs: number): KeptEntry[] {
  const out = new Set<KeptEntry>();
  const byRoom = new Map<string, KeptEntry[]>();
  for (const e of entries) {
    if (nowEpochMs - e.endedAtEpochMs > limits.ttlMs) out.add(e);
    let list = byRoom.get(e.code);
    if (list === undefined) byRoom.set(e.code, (list = []));
    list.push(e);
  }
  for (const list of byRoom.values()) {
    list.sort((a, b) => b.round - a.round);
    for (const e of list.slice(limits.roundsPerRoom)) out.add(e);
  }
  let total = 0;
  for (const e of entries) if (!out.has(e)) total += e.bytes;
  const oldestFirst = entries.filter((e) => !out.has(e)).sort((a, b) => a.endedAtEpochMs - b.endedAtEpochMs);
  for (const e of oldestFirst) {
    if (total <= limits.maxTotalBytes) break;
    out.add(e);
    total -= e.bytes;
  }
  return [...out];
}
