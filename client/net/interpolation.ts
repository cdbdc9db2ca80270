import { HEADING_STEPS } from '../../shared/sim/constants';
import type { SnapshotBuffer } from './snapshot-buffer';

/** Where one slot is drawn: floats, since a drawn position lies between two sent ones. */
export interface InterpolatedView {
  readonly visible: Uint8Array;
  /** Position quanta. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Heading steps, 0..HEADING_STEPS. */
  readonly heading: Float64Array;
}

export function createInterpolatedView(maxPlayers: number): InterpolatedView {
  return {
    visible: new Uint8Array(maxPlayers),
    x: new Float64Array(maxPlayers),
    y: new Float64Array(maxPlayers),
    heading: new Float64Array(maxPlayers),
  };
}

/** Signed shortest turn from a to b in heading steps, in [-HEADING_STEPS/2, HEADING_STEPS/2). */
export function headingDelta(a: number, b: number): number {
  const half = HEADING_STEPS / 2;
  return ((((b - a + half) % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS) - half;
}

/** Heading between a and b at fraction t the short way round, wrapped into [0, HEADING_STEPS). */
export function lerpHeading(a: number, b: number, t: number): number {
  const h = a + headingDelta(a, b) * t;
  return ((h % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS;
}

export interface SampleResult {
  /** How far past the newest snapshot we had to guess, ticks (0 when interpolating). */
  extrapolatedTicks: number;
}

/**
 * Entity interpolation: draws other players at `renderTick`, a point in server time about two
 * snapshot intervals in the past, so there are usually two snapshots around it to blend.
 *
 *   snapshots:   |  t-3  |  t-2  |  t-1  |  t  (newest)
 *   render at:              ^ renderTick = latest estimate - 2 intervals
 *
 * When the next snapshot is late and renderTick passes the newest one, motion is carried on
 * from the last two snapshots for at most `maxExtrapolateTicks`, then held: a guess that runs
 * on longer mostly shows scooters driving through walls.
 */
export function sampleInterpolated(
  buffer: SnapshotBuffer,
  renderTick: number,
  maxExtrapolateTicks: number,
  out: InterpolatedView,
  result: SampleResult,
): void {
  const n = buffer.count;
  const players = buffer.maxPlayers;
  result.extrapolatedTicks = 0;
  if (n === 0) {
    out.visible.fill(0);
    return;
  }
  // Newest entry at or before renderTick (linear from the newest end: the ring holds ~16).
  let older = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (buffer.tick[buffer.entry(i)] <= renderTick) {
      older = i;
      break;
    }
  }
  let a: number;
  let b: number;
  let t: number;
  if (older < 0) {
    // Render time is before everything we hold (just joined): show the oldest as it is.
    a = b = buffer.entry(0);
    t = 0;
  } else if (older < n - 1) {
    a = buffer.entry(older);
    b = buffer.entry(older + 1);
    t = (renderTick - buffer.tick[a]) / (buffer.tick[b] - buffer.tick[a]);
  } else if (n >= 2) {
    // Past the newest: extrapolate along the last step, capped.
    a = buffer.entry(n - 2);
    b = buffer.entry(n - 1);
    const over = Math.min(renderTick - buffer.tick[b], maxExtrapolateTicks);
    result.extrapolatedTicks = over;
    t = 1 + over / (buffer.tick[b] - buffer.tick[a]);
  } else {
    a = b = buffer.entry(0);
    t = 0;
  }
  const baseA = a * players;
  const baseB = b * players;
  for (let s = 0; s < players; s++) {
    const ia = baseA + s;
    const ib = baseB + s;
    if (buffer.active[ib] === 0) {
      out.visible[s] = 0;
      continue;
    }
    out.visible[s] = 1;
    if (buffer.active[ia] === 0 || a === b) {
      out.x[s] = buffer.px[ib];
      out.y[s] = buffer.py[ib];
      out.heading[s] = buffer.heading[ib];
      continue;
    }
    out.x[s] = buffer.px[ia] + (buffer.px[ib] - buffer.px[ia]) * t;
    out.y[s] = buffer.py[ia] + (buffer.py[ib] - buffer.py[ia]) * t;
    out.heading[s] = lerpHeading(buffer.heading[ia], buffer.heading[ib], t);
  }
}

/** Copies the newest snapshot as it is (interpolation switched off in the inspector). */
export function sampleLatest(buffer: SnapshotBuffer, out: InterpolatedView): void {
  if (buffer.count === 0) {
    out.visible.fill(0);
    return;
  }
  const base = buffer.entry(buffer.count - 1) * buffer.maxPlayers;
  for (let s = 0; s < buffer.maxPlayers; s++) {
    out.visible[s] = buffer.active[base + s];
    out.x[s] = buffer.px[base + s];
    out.y[s] = buffer.py[base + s];
    out.heading[s] = buffer.heading[base + s];
  }
}
