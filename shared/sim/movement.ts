import { Button, HEADING_STEPS } from './constants';
import type { City } from './city';
import { DIR_ONE, headingCosQ14, headingError, headingSinQ14 } from './direction';
import { STEER_THROTTLE_MAX, steerHeading, steerThrottle } from './steering';
import { circleHitsSolid } from './tile-collision';
import type { MovementParams } from './world';

/** One scooter's kinematic state, in the world's fixed-point units. */
export interface ScooterState {
  /** Position, position quanta. */
  px: number;
  py: number;
  /** 0..HEADING_STEPS-1, 0 = east, clockwise on screen. */
  heading: number;
  /** Signed speed along the heading, speed quanta per tick. */
  speed: number;
}

/**
 * speed quanta (1/32 unit) -> position quanta (1/8 unit) is /4, and the table carries 2^14:
 * one division by 2^16 turns speed * table into position quanta.
 */
const MOVE_DIVISOR = 1 << 16;

/** Below this fraction of top speed, steering is halved: a parked scooter should not spin in place. */
const SLOW_STEER_DIVISOR = 8;
/**
 * Point steering rounds a corner it clips by up to this many position quanta (1.5 scooter
 * radii at the default radius, ~13 units): riding "down" from a crossing a few units off the
 * road's centre line slides onto the road instead of pushing into the building's corner.
 */
const CORNER_ASSIST_RADII_NUM = 3;
const CORNER_ASSIST_RADII_DEN = 2;
/** The assist looks for the opening in steps of one world unit. */
const CORNER_STEP = 8;

/**
 * Longest integer move in [0, delta] along one axis that keeps the circle clear of solid tiles,
 * found by bisection so a scooter stops flush against a wall instead of short of it.
 */
function clearMove(city: City, x: number, y: number, delta: number, radius: number, alongX: boolean): number {
  const fullHit = alongX ? circleHitsSolid(city, x + delta, y, radius) : circleHitsSolid(city, x, y + delta, radius);
  if (!fullHit) return delta;
  let ok = 0;
  let bad = delta;
  while (bad - ok > 1 || ok - bad > 1) {
    const mid = ok + Math.trunc((bad - ok) / 2);
    const hit = alongX ? circleHitsSolid(city, x + mid, y, radius) : circleHitsSolid(city, x, y + mid, radius);
    if (hit) bad = mid;
    else ok = mid;
  }
  return ok;
}

/**
 * The sideways shift (position quanta, signed) that takes a circle blocked along one axis onto
 * a free line past the corner it clipped, 0 when there is none within reach: the nearest
 * offset, trying +k before -k, at which one more unit along the blocked way is clear and the
 * way there sideways is too. Moves at most |rest| (the blocked remainder) per tick, so the
 * slide is no faster than the ride. Runs only when a move was blocked.
 */
function cornerNudge(city: City, x: number, y: number, rest: number, radius: number, alongX: boolean): number {
  const reach = Math.trunc((radius * CORNER_ASSIST_RADII_NUM) / CORNER_ASSIST_RADII_DEN);
  const ahead = rest > 0 ? Math.min(rest, CORNER_STEP) : Math.max(rest, -CORNER_STEP);
  for (let k = CORNER_STEP; k <= reach; k += CORNER_STEP) {
    for (let side = 1; side >= -1; side -= 2) {
      const lateral = side * k;
      const free = alongX ? !circleHitsSolid(city, x + ahead, y + lateral, radius) : !circleHitsSolid(city, x + lateral, y + ahead, radius);
      if (!free) continue;
      const want = side * Math.min(k, Math.abs(rest));
      const can = clearMove(city, x, y, want, radius, !alongX);
      if (can === want) return want;
    }
  }
  return 0;
}

/**
 * Tank steering (the Button bits): Up/Down throttle and brake (then reverse), Left/Right
 * rotate the scooter the way the key says in both directions of travel (arcade feel, not car
 * reversing). Turns the scooter in place and returns the new speed, not yet stored.
 */
function tankSteer(params: MovementParams, s: ScooterState, buttons: number): number {
  const steer = (buttons & Button.Right ? 1 : 0) - (buttons & Button.Left ? 1 : 0);
  if (steer !== 0) {
    const slow = Math.abs(s.speed) * SLOW_STEER_DIVISOR < params.maxSpeed;
    const turn = slow ? Math.max(1, params.turnSteps >> 1) : params.turnSteps;
    s.heading = (s.heading + steer * turn) & (HEADING_STEPS - 1);
  }

  const up = (buttons & Button.Up) !== 0;
  const down = (buttons & Button.Down) !== 0;
  let v = s.speed;
  if (up && !down) {
    v = v < 0 ? Math.min(0, v + params.brake) : Math.min(params.maxSpeed, v + params.accel);
  } else if (down && !up) {
    v = v > 0 ? Math.max(0, v - params.brake) : Math.max(-params.maxReverse, v - params.accel);
  } else if (v > 0) {
    v = Math.max(0, v - params.drag);
  } else if (v < 0) {
    v = Math.min(0, v + params.drag);
  }
  return v;
}

/**
 * Point-to-steer (steering.ts): turn toward the target heading at the full turn rate (also
 * when parked: pointing somewhere should face you there), never past it, and ride toward
 * throttle/15 of top speed scaled by how well the scooter now faces the target (the cosine
 * of what is left to turn, from the integer table): a sharp turn slows it, pointing behind
 * brakes it to a stop while it turns around. It never reverses: turning around is the way
 * back. Returns the new speed, not yet stored.
 */
function pointSteer(params: MovementParams, s: ScooterState, steer: number): number {
  const target = steerHeading(steer);
  const throttle = steerThrottle(steer);
  const error = headingError(s.heading, target);
  const turn = params.turnSteps;
  if (error > 0) s.heading = (s.heading + (error < turn ? error : turn)) & (HEADING_STEPS - 1);
  else if (error < 0) s.heading = (s.heading - (-error < turn ? -error : turn)) & (HEADING_STEPS - 1);

  const facing = headingCosQ14(headingError(s.heading, target));
  const want = facing <= 0 ? 0 : Math.trunc((params.maxSpeed * throttle * facing) / (STEER_THROTTLE_MAX * DIR_ONE));
  let v = s.speed;
  if (v < 0) v = Math.min(0, v + params.brake);
  else if (v < want) v = Math.min(want, v + params.accel);
  else if (v > want) v = Math.max(want, v - (facing <= 0 ? params.brake : params.drag));
  return v;
}

/**
 * Advances one scooter by one tick, in place and allocation-free. Depends only on its arguments,
 * so the client runs it unchanged to predict its own scooter. `steer` nonzero point-steers
 * (and the buttons are ignored); 0 steers by the buttons.
 *
 * A blocked axis is cancelled and the scooter slides along the other; it loses half the
 * blocked share of its speed, so a head-on crash halves speed and a graze barely slows it.
 */
export function moveScooter(city: City, params: MovementParams, s: ScooterState, buttons: number, steer = 0): void {
  let v = steer !== 0 ? pointSteer(params, s, steer) : tankSteer(params, s, buttons);
  if (v > params.maxSpeed) v = params.maxSpeed;
  if (v < -params.maxReverse) v = -params.maxReverse;
  if (v === 0) {
    s.speed = 0;
    return;
  }

  const cos = headingCosQ14(s.heading);
  const sin = headingSinQ14(s.heading);
  const dx = Math.round((v * cos) / MOVE_DIVISOR);
  const dy = Math.round((v * sin) / MOVE_DIVISOR);
  let blocked = 0;
  let mx = 0;
  let my = 0;
  if (dx !== 0) {
    mx = clearMove(city, s.px, s.py, dx, params.radius, true);
    if (mx !== dx) blocked += Math.abs(cos);
    s.px += mx;
  }
  if (dy !== 0) {
    my = clearMove(city, s.px, s.py, dy, params.radius, false);
    if (my !== dy) blocked += Math.abs(sin);
    s.py += my;
  }
  // Point steering is "go that way": a head-on block at a corner it only clipped slides round
  // the corner (no speed lost) instead of pinning the scooter; tank steering stays as it was.
  if (steer !== 0 && blocked !== 0) {
    let nudge = 0;
    if (my !== dy && mx === dx) nudge = cornerNudge(city, s.px, s.py, dy - my, params.radius, false);
    else if (mx !== dx && my === dy) nudge = cornerNudge(city, s.px, s.py, dx - mx, params.radius, true);
    if (nudge !== 0) {
      if (my !== dy) s.px += nudge;
      else s.py += nudge;
      blocked = 0;
    }
  }
  if (blocked > DIR_ONE) blocked = DIR_ONE;
  // Math.trunc toward zero keeps the loss symmetric for reverse speeds.
  s.speed = v - Math.trunc((v * blocked) / (2 * DIR_ONE));
}
