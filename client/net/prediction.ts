import { POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import type { City } from '../../shared/sim/city';
import { moveScooter, type ScooterState } from '../../shared/sim/movement';
import type { MovementParams } from '../../shared/sim/world';

/** Inputs kept for replay; at 30 Hz this is 4 s of unacknowledged input, far past any sane RTT. */
export const INPUT_RING = 128;
/** A correction longer than this (position quanta) snaps instead of easing: 2 tiles (issue #4). */
export const SNAP_DISTANCE = 2 * TILE_SIZE * POSITION_SCALE;
/** Time constant of the render offset's exponential decay (~95% gone after 3 of these). */
export const CORRECTION_TAU_MS = 50;

/** The authoritative own state taken from a snapshot. */
export interface AuthoritativeScooter extends ScooterState {
  ackSeq: number;
}

/**
 * Client-side prediction with server reconciliation for the own scooter.
 *
 *   input seq:   ... 40  41  42  43  44      (sent, kept in the ring)
 *   snapshot:        ackSeq = 41, state after 41
 *   reconcile:   state := snapshot's; replay 42, 43, 44 with moveScooter
 *
 * moveScooter is integer fixed point and deterministic, so the replay lands where the server
 * will, except when another scooter bumps ours (the server knows, we do not). The difference
 * between where we drew the scooter and the replayed state becomes a render offset that decays
 * over ~150 ms, so a correction glides instead of jumping; a large one snaps.
 */
export class Predictor {
  /** Predicted state after the newest input. */
  readonly state: ScooterState = { px: 0, py: 0, heading: 0, speed: 0 };
  /** State one tick earlier, for blending between ticks at display frame rate. */
  readonly previous: ScooterState = { px: 0, py: 0, heading: 0, speed: 0 };
  /** Render offset (position quanta) still to decay after a correction. */
  offsetX = 0;
  offsetY = 0;
  /** Last correction distance, position quanta (for the inspector and tests). */
  lastCorrection = 0;
  corrections = 0;
  snaps = 0;
  initialized = false;

  private readonly seqs = new Uint32Array(INPUT_RING);
  private readonly buttons = new Uint8Array(INPUT_RING);
  private head = 0;
  private count = 0;

  constructor(
    private readonly city: City,
    private readonly params: MovementParams,
  ) {}

  /** Unacknowledged inputs held for replay. */
  get pending(): number {
    return this.count;
  }

  /** Applies one input locally at once and keeps it for replay until the server acknowledges it. */
  applyInput(seq: number, buttons: number): void {
    if (!this.initialized) return;
    if (this.count === INPUT_RING) {
      // Oldest input falls out: the server has not acked 4 s of input, replay will be off anyway.
      this.head = (this.head + 1) % INPUT_RING;
      this.count--;
    }
    const at = (this.head + this.count) % INPUT_RING;
    this.seqs[at] = seq;
    this.buttons[at] = buttons;
    this.count++;
    copyScooter(this.state, this.previous);
    moveScooter(this.city, this.params, this.state, buttons);
  }

  /** Rebases on the server's state for our slot and replays the inputs it has not applied yet. */
  reconcile(auth: AuthoritativeScooter): void {
    while (this.count > 0 && seqAtOrBefore(this.seqs[this.head], auth.ackSeq)) {
      this.head = (this.head + 1) % INPUT_RING;
      this.count--;
    }
    const shownX = this.state.px + this.offsetX;
    const shownY = this.state.py + this.offsetY;
    const s = this.state;
    s.px = auth.px;
    s.py = auth.py;
    s.heading = auth.heading;
    s.speed = auth.speed;
    copyScooter(s, this.previous);
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) % INPUT_RING;
      copyScooter(s, this.previous);
      moveScooter(this.city, this.params, s, this.buttons[at]);
    }
    if (!this.initialized) {
      this.initialized = true;
      this.offsetX = 0;
      this.offsetY = 0;
      return;
    }
    const dx = shownX - s.px;
    const dy = shownY - s.py;
    const distance = Math.hypot(dx, dy);
    const moved = Math.hypot(dx - this.offsetX, dy - this.offsetY);
    if (moved > 0.5) {
      this.corrections++;
      this.lastCorrection = moved;
    }
    if (distance > SNAP_DISTANCE) {
      this.snaps++;
      this.offsetX = 0;
      this.offsetY = 0;
      copyScooter(s, this.previous);
    } else {
      this.offsetX = dx;
      this.offsetY = dy;
    }
  }

  /** Lets the correction offset fade; call once per rendered frame. */
  decay(elapsedMs: number): void {
    const keep = Math.exp(-Math.max(0, elapsedMs) / CORRECTION_TAU_MS);
    this.offsetX *= keep;
    this.offsetY *= keep;
    if (Math.abs(this.offsetX) < 0.05) this.offsetX = 0;
    if (Math.abs(this.offsetY) < 0.05) this.offsetY = 0;
  }

  /** Forgets inputs and state (a new session, or prediction switched off and on). */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.offsetX = 0;
    this.offsetY = 0;
    this.initialized = false;
  }
}

function copyScooter(from: ScooterState, to: ScooterState): void {
  to.px = from.px;
  to.py = from.py;
  to.heading = from.heading;
  to.speed = from.speed;
}

/** seq <= ack in uint32 wrapping order (seq numbers wrap after 2^32 inputs; be correct anyway). */
function seqAtOrBefore(seq: number, ack: number): boolean {
  return ((seq - ack) | 0) <= 0;
}
