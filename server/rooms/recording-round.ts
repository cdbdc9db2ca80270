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
 * chunks cut and not stored yet, its player-ticks, and the RTTs measured since the last cut.
 */
export class RecordingRound {
  readonly writer: RecordingWriter;
  readonly pending = new PendingChunks();
  readonly playerTicks = new PlayerTicks();
  /** RTTs measured since the last cut, per slot (-1: none), written at the cut. */
  private readonly rttSamples: Int32Array;

  constructor(
    readonly round: number,
    readonly startedAtEpochMs: number,
    private readonly world: World,
    private readonly log: AppliedInputLog,
  ) {
    log.clear();
    log.recording = true;
    this.writer = new RecordingWriter(world.maxPlayers, log);
    this.rttSamples = new Int32Array(world.maxPlayers).fill(-1);
    this.playerTicks.start(world.tick, 0);
  }

  /** The RTT measured for `slot` now (ms, already clamped): written at the next cut if it changed. */
  sampleRtt(slot: number, ms: number): void {
    this.rttSamples[slot] = ms;
  }

  /** Closes the current chunk into the pending list (throws on a writer bug). */
  cut(): void {
    this.writer.rtts(this.world.tick, this.rttSamples);
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
      this.writer.rtts(tick, this.rttSamples);
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
