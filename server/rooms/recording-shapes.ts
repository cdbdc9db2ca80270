import type { World } from '../../shared/sim/world';
import type { RecordingHeader } from '../../shared/replay/recording-header';
import type { EndReason } from '../../shared/replay/replay-format';
import type { AppliedInputLog } from '../../shared/replay/applied-input-log';

/*
 * The shapes around a room's RoundRecorder (issue 14): its options, a finished round on its way
 * to the store, what a room snapshot carries of a recording in progress, and a round's header. Apart from the
 * recorder so the stores and the room snapshot read them without the recorder itself.
 */

/** How a room records its rounds (issue 14). */
export interface RecordingOptions {
  /** Record at all. @default true */
  enabled: boolean;
  /** Ticks between keyframes, what a viewer seeks from. @default 5 s of ticks */
  keyframeEveryTicks: number;
  /** A round's recording stops (EndReason.TooLarge) past this many bytes. @default 4 MiB */
  maxRoundBytes: number;
}

export function defaultRecordingOptions(tickRateHz: number): RecordingOptions {
  return { enabled: true, keyframeEveryTicks: Math.max(1, Math.round(tickRateHz * 5)), maxRoundBytes: 4 * 1024 * 1024 };
}

/** A round whose recording ended, waiting to be stored whole. */
export interface FinishedRecording {
  round: number;
  startedAtEpochMs: number;
  endedAtEpochMs: number;
  endReason: EndReason;
  /** Index of chunks[0] in the whole recording (the ones before are in the store already). */
  firstChunk: number;
  chunks: Uint8Array[];
  /** Player-ticks recorded over ticks per minute (what bytes per player-minute divides by). */
  playerMinutes: number;
}

/** The recorder's part of a room snapshot: enough for another process to go on recording. */
export interface RecorderSnapshot {
  /** 2: the chunks are in recording format 3 (a process of another build does not go on with them). */
  v: 2;
  round: number;
  startedAtEpochMs: number;
  /** Chunks of this round already in the store (durable stores only). */
  storedChunks: number;
  /** The chunks after those, base64. */
  chunks: string[];
  playerTicks: number;
  /** Rounds that ended and were not stored yet. */
  finished: { round: number; startedAtEpochMs: number; endedAtEpochMs: number; endReason: number; firstChunk: number; chunks: string[]; playerMinutes: number }[];
}

export interface RecorderContext {
  code: string;
  world: World;
  /** Display names by slot (the room's array, read live). */
  names: readonly string[];
  ticksPerSnapshot: number;
  /** Where the room's input buffer logs the inputs it applies (the recorder turns it on and codes it). */
  applied: AppliedInputLog;
  /** Wall clock for the recordings' start and end times. @default Date.now */
  epochMs?: () => number;
}

/** The header of a round starting now in the context's room: who sits where, and its settings. */
export function roundHeader(ctx: RecorderContext, startedAtEpochMs: number, keyframeEveryTicks: number): RecordingHeader {
  const world = ctx.world;
  const names: { slot: number; name: string }[] = [];
  for (let slot = 0; slot < world.maxPlayers; slot++) if (world.active[slot]) names.push({ slot, name: ctx.names[slot] });
  return {
    code: ctx.code,
    round: world.round,
    startedAtEpochMs,
    config: world.config,
    ticksPerSnapshot: ctx.ticksPerSnapshot,
    keyframeEveryTicks,
    houseCount: world.city.houses.length,
    names,
  };
}

type FinishedSnapshot = RecorderSnapshot['finished'][number];

/** A finished round as a room snapshot carries it (chunks in base64), and back. */
export function finishedToSnapshot(f: FinishedRecording): FinishedSnapshot {
  return { ...f, chunks: f.chunks.map((c) => Buffer.from(c).toString('base64')) };
}

export function finishedFromSnapshot(f: FinishedSnapshot): FinishedRecording {
  return { ...f, endReason: f.endReason as EndReason, chunks: f.chunks.map((c) => new Uint8Array(Buffer.from(c, 'base64'))) };
}

/** The recorder's part of a room snapshot (`round` -1: none running) in this build's format. */
export function recorderSnapshot(round: number, startedAtEpochMs: number, storedChunks: number, chunks: string[], playerTicks: number, finished: readonly FinishedRecording[]): RecorderSnapshot {
  return { v: 2, round, startedAtEpochMs, storedChunks, chunks, playerTicks, finished: finished.map(finishedToSnapshot) };
}
