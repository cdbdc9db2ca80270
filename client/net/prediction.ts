import { POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import type { City } from '../../shared/sim/city';
import { moveScooter, type ScooterState } from '../../shared/sim/movement';
import { controlButtons, controlSteer } from '../../shared/sim/steering';
import type { MovementParams } from '../../shared/sim/world';

/** Inputs kept for replay; with inputs sent on change this is many seconds, far past any RTT. */
export const INPUT_RING = 128;
/** A correction longer than this (position quanta) snaps instead of easing: 2 tiles (issue #4). */
export const SNAP_DISTANCE = 2 * TILE_SIZE * POSITION_SCALE;
/** Time constant of the render offset's exponential decay (~95% gone after 3 of these). */
export const CORRECTION_TAU_MS = 50;
const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;

/** The authoritative own state taken from a snapshot. */
export interface AuthoritativeScooter extends ScooterState {
  /** The snapshot's tick: the state is the one after ticks < tick. */
  tick: number;
  /** The input whose control the server holds now (the last it applied). */
  ackSeq: number;
}

/**
 * Client-side prediction with server reconciliation for the own scooter, on the server's
 * tick timeline (protocol version 2: inputs are stamped with the tick they are meant for,
 * sent when the buttons change, and held by the server until the next one).
 *
 *   ticks:     100  101  102  103  104  105        (own timeline runs ahead of the server)
 *   inputs:    #7 stamped 101 (Up), #8 stamped 104 (Up+Left)
 *   snapshot:  tick 102, ackSeq 7: the state after ticks < 102, holding #7's buttons
 *   reconcile: state := snapshot's; replay ticks 102..104 holding #7, and #8 from 104
 *
 * What an input holds is a control word (shared/sim/steering.ts: the buttons, or a point-to-
 * steer target), split into the two world fields exactly as the server's input buffer does.
 * moveScooter is integer fixed point and deterministic, so when every input reaches the
 * server by its tick the replay lands exactly where the prediction was: no correction. One
 * still unacknowledged although stamped before the snapshot's tick is late; the server will
 * apply it at the earliest on the snapshot's tick, and the replay assumes that. Corrections
 * (a reconcile that moved the predicted scooter) are counted, with the largest, in tiles; the
 * difference between where the scooter was drawn and the replayed state becomes a render
 * offset that decays over ~150 ms, so a correction glides instead of jumping; a large one
 * snaps.
 */
export class Predictor {
  /** Predicted state before tick `tick` (after every tick below it). */
  readonly state: ScooterState = { px: 0, py: 0, heading: 0, speed: 0 };
  /** State one tick earlier, for blending between ticks at display frame rate. */
  readonly previous: ScooterState = { px: 0, py: 0, heading: 0, speed: 0 };
  /** The next tick to predict. */
  tick = 0;
  /** Control word the own scooter holds from the last predicted tick on. */
  held = 0;
  /** Render offset (position quanta) still to decay after a correction. */
  offsetX = 0;
  offsetY = 0;
  /** Last correction distance, position quanta (for the inspector and tests). */
  lastCorrection = 0;
  /** Reconciliations that moved the predicted scooter, and the largest move, in tiles. */
  corrections = 0;
  maxCorrectionTiles = 0;
  snaps = 0;
  initialized = false;

  private readonly seqs = new Uint32Array(INPUT_RING);
  private readonly ticks = new Float64Array(INPUT_RING);
  private readonly controls = new Uint32Array(INPUT_RING);
  private head = 0;
  private count = 0;

  constructor(
    private readonly city: City,
    private readonly params: MovementParams,
  ) {}

  /** Inputs kept for replay: the one the server holds and those it has not applied yet. */
  get pending(): number {
    return this.count;
  }

  /** Predicts ticks up to (not including) `tick` with the control held now. */
  advanceTo(tick: number): void {
    if (!this.initialized) return;
    while (this.tick < tick) this.stepOnce(this.held);
  }

  /**
   * Predicts the current tick with `control`, sent as input `seq` stamped for this tick (a
   * change or a keep-alive), or with seq 0 when nothing was sent (the control stays held).
   */
  applyInput(seq: number, control: number): void {
    if (!this.initialized) return;
    if (seq !== 0) this.remember(seq, this.tick, control);
    this.held = control;
    this.stepOnce(control);
  }

  /** Rebases on the server's state for our slot and replays the ticks it has not simulated yet. */
  reconcile(auth: AuthoritativeScooter): void {
    if (!this.initialized) {
      this.rebase(auth);
      this.tick = auth.tick;
      copyScooter(this.state, this.previous);
      this.initialized = true;
      this.offsetX = 0;
      this.offsetY = 0;
      return;
    }
    // A snapshot ahead of the prediction (the tick clock fell behind): predict up to it first,
    // so what is compared is the same tick.
    this.advanceTo(auth.tick);
    const beforeX = this.state.px;
    const beforeY = this.state.py;
    const shownX = beforeX + this.offsetX;
    const shownY = beforeY + this.offsetY;

    // Forget what the server is done with; keep the input it holds (its control) and newer ones.
    while (this.count > 1 && seqBefore(this.seqs[this.head], auth.ackSeq) && !seqBefore(auth.ackSeq, this.seqs[(this.head + 1) % INPUT_RING])) {
      this.head = (this.head + 1) % INPUT_RING;
      this.count--;
    }
    let held = 0;
    let next = 0;
    if (this.count > 0 && !seqBefore(auth.ackSeq, this.seqs[this.head])) {
      held = this.controls[this.head];
      next = 1;
    }
    const s = this.state;
    this.rebase(auth);
    copyScooter(s, this.previous);
    // Inputs the server has not applied take effect at their stamp, or at the snapshot's tick
    // when they are already late.
    for (let t = auth.tick; t < this.tick; t++) {
      while (next < this.count && this.ticks[(this.head + next) % INPUT_RING] <= t) {
        held = this.controls[(this.head + next) % INPUT_RING];
        next++;
      }
      copyScooter(s, this.previous);
      moveScooter(this.city, this.params, s, controlButtons(held), controlSteer(held));
    }

    const dx = beforeX - s.px;
    const dy = beforeY - s.py;
    if (dx !== 0 || dy !== 0) {
      const moved = Math.hypot(dx, dy);
      this.corrections++;
      this.lastCorrection = moved;
      this.maxCorrectionTiles = Math.max(this.maxCorrectionTiles, moved / TILE_QUANTA);
    }
    const ox = shownX - s.px;
    const oy = shownY - s.py;
    if (Math.hypot(ox, oy) > SNAP_DISTANCE) {
      this.snaps++;
      this.offsetX = 0;
      this.offsetY = 0;
      copyScooter(s, this.previous);
    } else {
      this.offsetX = ox;
      this.offsetY = oy;
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

  /**
   * After a reset with inputs already sent: the last one (most likely what the server holds)
   * becomes the first kept, so the ticks predicted before the next input hold its control.
   */
  seed(seq: number, tick: number, control: number): void {
    if (seq === 0 || this.count > 0) return;
    this.remember(seq, tick, control);
    this.held = control;
  }

  /** Forgets inputs and state (a new session, or prediction switched off and on). */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.held = 0;
    this.offsetX = 0;
    this.offsetY = 0;
    this.initialized = false;
  }

  private stepOnce(control: number): void {
    copyScooter(this.state, this.previous);
    moveScooter(this.city, this.params, this.state, controlButtons(control), controlSteer(control));
    this.tick++;
  }

  private rebase(auth: AuthoritativeScooter): void {
    const s = this.state;
    s.px = auth.px;
    s.py = auth.py;
    s.heading = auth.heading;
    s.speed = auth.speed;
  }

  private remember(seq: number, tick: number, control: number): void {
    if (this.count === INPUT_RING) {
      // Oldest input falls out: the server has not acked a ring of inputs, replay is off anyway.
      this.head = (this.head + 1) % INPUT_RING;
      this.count--;
    }
    const at = (this.head + this.count) % INPUT_RING;
    this.seqs[at] = seq;
    this.ticks[at] = tick;
    this.controls[at] = control;
    this.count++;
  }
}

function copyScooter(from: ScooterState, to: ScooterState): void {
  to.px = from.px;
  to.py = from.py;
  to.heading = from.heading;
  to.speed = from.speed;
}

/** a < b in uint32 wrapping order (seq numbers wrap after 2^32 inputs; be correct anyway). */
function seqBefore(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
