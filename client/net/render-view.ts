import type { ReplicaState } from '../../shared/protocol/replica-state';
import { HEADING_STEPS, POSITION_SCALE } from '../../shared/sim/constants';
import { createInterpolatedView, headingDelta, type InterpolatedView } from './interpolation';
import type { InputLoop } from './input-loop';

/** Everything a scene draws, refreshed by GameSession.frame(); preallocated and rewritten in place. */
export interface RenderView {
  /** Own scooter (predicted, or the latest snapshot when prediction is off), world units. */
  selfVisible: boolean;
  selfX: number;
  selfY: number;
  /** Radians, 0 = east, clockwise. */
  selfAngle: number;
  /** Other players (and self, unused) in world units, interpolated. */
  readonly others: InterpolatedView;
}

export function createRenderView(maxPlayers: number): RenderView {
  return { selfVisible: false, selfX: 0, selfY: 0, selfAngle: 0, others: createInterpolatedView(maxPlayers) };
}

const HEADING_TO_RAD = (2 * Math.PI) / HEADING_STEPS;

/** Heading steps to Phaser's rotation: both are 0 = east, clockwise on screen. */
export function headingToRadians(steps: number): number {
  return steps * HEADING_TO_RAD;
}

/**
 * Where to draw the own scooter at nowMs: predicted (blended between the last two predicted
 * ticks, so 60 fps frames do not stutter at 30 Hz, plus the decaying correction offset), or
 * the latest snapshot's when prediction is off or not started. Allocation-free.
 */
export function placeOwnScooter(view: RenderView, state: ReplicaState, self: number, inputs: InputLoop | null, nowMs: number, elapsedMs: number): void {
  view.selfVisible = self >= 0 && state.active[self] === 1;
  if (!view.selfVisible) return;
  const predictor = inputs?.predicting ? inputs.predictor : null;
  if (inputs !== null && predictor !== null && predictor.initialized) {
    predictor.decay(elapsedMs);
    const t = inputs.blend(nowMs);
    const a = predictor.previous;
    const b = predictor.state;
    view.selfX = (a.px + (b.px - a.px) * t + predictor.offsetX) / POSITION_SCALE;
    view.selfY = (a.py + (b.py - a.py) * t + predictor.offsetY) / POSITION_SCALE;
    view.selfAngle = headingToRadians(a.heading + headingDelta(a.heading, b.heading) * t);
  } else {
    view.selfX = state.px[self] / POSITION_SCALE;
    view.selfY = state.py[self] / POSITION_SCALE;
    view.selfAngle = headingToRadians(state.heading[self]);
  }
}
