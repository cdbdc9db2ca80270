import type { EndReason, KeyframeReason, MarkConditions, TeacherMarkName } from './replay-format';
import type { RecordingHeader } from './recording-writer';
import type { KeyframeState } from './world-keyframe';

export type { RecordingHeader };

/** One event of a decoded recording; `tick` is the world tick it happened at. */
export type ReplayEvent =
  /** `values` in INPUT_FIELD_NAMES order. */
  | { readonly kind: 'input'; readonly tick: number; readonly slot: number; readonly values: readonly number[] }
  | { readonly kind: 'rtt'; readonly tick: number; readonly slot: number; readonly rttMs: number }
  /** Delivered during the step before `tick`. */
  | { readonly kind: 'delivery'; readonly tick: number; readonly slot: number; readonly count: number; readonly points: number }
  | { readonly kind: 'join'; readonly tick: number; readonly slot: number; readonly name: string }
  | { readonly kind: 'drop' | 'resume' | 'leave'; readonly tick: number; readonly slot: number }
  | { readonly kind: 'keyframe'; readonly tick: number; readonly reason: KeyframeReason; readonly state: KeyframeState; readonly names: readonly string[] }
  | { readonly kind: 'teacher'; readonly tick: number; readonly mark: TeacherMarkName; readonly playerId: number | null; readonly conditions: MarkConditions | null }
  | { readonly kind: 'end'; readonly tick: number; readonly reason: EndReason };

export type KeyframeEvent = Extract<ReplayEvent, { kind: 'keyframe' }>;

/** A decoded recording: everything a viewer or a verifier needs, no bytes left to parse. */
export interface Recording {
  readonly header: RecordingHeader;
  /** In recorded order; ticks never go back. */
  readonly events: readonly ReplayEvent[];
  /** Indices into `events` of the keyframes, in order (the first is the round's start). */
  readonly keyframes: readonly number[];
  readonly startTick: number;
  /** Tick of the last event (the End event's, for a finished round). */
  readonly endTick: number;
  /** The End event's reason; null for a recording cut off before its end. */
  readonly endReason: EndReason | null;
  /** Bytes of the file it was read from. */
  readonly bytes: number;
}
