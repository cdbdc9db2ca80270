import type { FinishedRecording } from './recording-shapes';

/**
 * What a room's recorder leaves for the replay duty (server/replay) to take to the store:
 * rounds that began, ended, or stopped on a failure, oldest first, and the last failure for
 * the duty's log. The duty empties the lists as the store confirms each.
 */
export class RecorderOutbox {
  /** Rounds that ended, until the duty stores them. */
  readonly finished: FinishedRecording[] = [];
  /** Rounds that began, until the duty lists them in the store. */
  readonly begun: { round: number; startedAtEpochMs: number }[] = [];
  /** Rounds whose recording stopped on a failure, until the duty takes them off the list. */
  readonly abandoned: number[] = [];
  /** Recordings that stopped on a bug (the last message is kept for the duty's log). */
  failures = 0;
  lastFailure = '';
  /** Told when a round begins, ends or is abandoned (the replay duty stores it at once). */
  onNews: (() => void) | null = null;

  /** Rounds begun, finished or abandoned that the store does not have yet. */
  get hasNews(): boolean {
    return this.begun.length > 0 || this.finished.length > 0 || this.abandoned.length > 0;
  }

  began(round: number, startedAtEpochMs: number): void {
    this.begun.push({ round, startedAtEpochMs });
    this.onNews?.();
  }

  ended(finished: FinishedRecording): void {
    this.finished.push(finished);
    this.onNews?.();
  }

  abandon(round: number): void {
    this.abandoned.push(round);
    this.onNews?.();
  }

  /** A bug in recording, counted and kept for the log. */
  note(error: unknown): void {
    this.failures++;
    this.lastFailure = error instanceof Error ? error.message : String(error);
  }
}
