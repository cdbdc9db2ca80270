import type { AppliedInputLog } from '../../shared/replay/applied-input-log';
import { RecordingWriter } from '../../shared/replay/recording-writer';
import { KeyframeReason, type EndReason } from '../../shared/replay/replay-format';
import type { World } from '../../shared/sim/world';
import { PendingChunks } from './pending-chunks';
import { PlayerTicks } from './player-ticks';
import type { FinishedRecording } from './recording-shapes';

/**
 * The round a room's recorder is recording (RoundRecorder decides when one opens and ends):
 * its writer, over the room's applied-input log (which logs while the round is open), the
 * chunks cut and not stored yet, and its player-ticks.
 */
export class RecordingRound {
  readonly writer: RecordingWriter;
  readonly pending = new PendingChunks();
  readonly playerTicks = new PlayerTicks();

  constructor(
    readonly round: number,
    readonly startedAtEpochMs: number,
    private readonly world: World,
    private readonly log: AppliedInputLog,
  ) {
    log.clear();
    log.recording = true;
    this.writer = new RecordingWriter(world.maxPlayers, log);
    this.playerTicks.start(world.tick, 0);
  }

  /**
   * The RTT measured for `slot` now (ms, already clamped), logged with the inputs: written
   * when it changed (the log is coded first when it is due, so a round of samples fits).
   */
  sampleRtt(slot: number, ms: number): void {
    if (this.log.count >= this.log.drainAt) this.writer.codeInputs();
    this.log.addRtt(this.world.tick, slot, ms);
  }

  /** Closes the current chunk into the pending list (throws on a writer bug). */
  cut(): void {
    const chunk = this.writer.cut();
    if (chunk !== null) this.pending.push(chunk);
  }

  /**
   * Ends the recording with `reason` (a final keyframe of the world as the round left it) and
   * hands the round over whole; `onError` hears a writer bug (what was cut is still handed over).
   */
  finish(reason: EndReason, endedAtEpochMs: number, onError: (error: unknown) => void): FinishedRecording {
    const tick = this.world.tick;
    try {
      this.writer.keyframe(tick, KeyframeReason.Final, this.world);
      this.writer.end(tick, reason);
      this.cut();
    } catch (error) {
      onError(error);
    }
    this.playerTicks.count(tick);
    const finished: FinishedRecording = {
      round: this.round,
      startedAtEpochMs: this.startedAtEpochMs,
      endedAtEpochMs,
      endReason: reason,
      firstChunk: this.pending.stored,
      chunks: this.pending.takeAll(),
      playerMinutes: this.playerTicks.total / (this.world.config.tickRateHz * 60),
    };
    this.close();
    return finished;
  }

  /** The recording stops (finished, or failed): the input log keeps nothing more. */
  close(): void {
    this.log.recording = false;
    this.log.clear();
  }
}
