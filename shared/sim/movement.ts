import { Button, HEADING_STEPS } from './constants';
import type { City } from './city';
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

/** Fixed-point scale of the direction tables (1.0 = 2^14). */
const DIR_ONE = 1 << 14;
/**
 * speed quanta (1/32 unit) -> position quanta (1/8 unit) is /4, and the table carries 2^14:
 * one division by 2^16 turns speed * table into position quanta.
 */
const MOVE_DIVISOR = 1 << 16;
/**
 * Integer direction tables: rounding cos/sin to 14 bits once means a browser whose Math.cos
 * differs in the last ulp still builds the same table, so client prediction matches the server.
 */
const COS_Q14 = new Int32Array(HEADING_STEPS);
const SIN_Q14 = new Int32Array(HEADING_STEPS);
for (let i = 0; i < HEADING_STEPS; i++) {
  const a = (i * 2 * Math.PI) / HEADING_STEPS;
  COS_Q14[i] = Math.round(Math.cos(a) * DIR_ONE);
  SIN_Q14[i] = Math.round(Math.sin(a) * DIR_ONE);
}

/** East component of a heading's unit vector, scaled by 2^14 (exact integers, same on every engine). */
export function headingCosQ14(heading: number): number {
  return COS_Q14[heading & (HEADING_STEPS - 1)];
}

/** South (screen-down) component of a heading's unit vector, scaled by 2^14. */
export function headingSinQ14(heading: number): number {
  return SIN_Q14[heading & (HEADING_STEPS - 1)];
}

/** Below this fraction of top speed, steering is halved: a parked scooter should not spin in place. */
const SLOW_STEER_DIVISOR = 8;

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
 * Advances one scooter by one tick, in place and allocation-free. Depends only on its arguments,
 * so the client runs it unchanged to predict its own scooter.
 *
 * Steering rotates the scooter the way the key says in both directions of travel (arcade feel,
 * not car reversing). A blocked axis is cancelled and the scooter slides along the other; it
 * loses half the blocked share of its speed, so a head-on crash halves speed and a graze barely
 * slows it.
 */
export function moveScooter(city: City, params: MovementParams, s: ScooterState, buttons: number): void {
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
  if (v > params.maxSpeed) v = params.maxSpeed;
  if (v < -params.maxReverse) v = -params.maxReverse;
  if (v === 0) {
    s.speed = 0;
    return;
  }

  const cos = COS_Q14[s.heading];
  const sin = SIN_Q14[s.heading];
  const dx = Math.round((v * cos) / MOVE_DIVISOR);
  const dy = Math.round((v * sin) / MOVE_DIVISOR);
  let blocked = 0;
  if (dx !== 0) {
    const mx = clearMove(city, s.px, s.py, dx, params.radius, true);
    if (mx !== dx) blocked += Math.abs(cos);
    s.px += mx;
  }
  if (dy !== 0) {
    const my = clearMove(city, s.px, s.py, dy, params.radius, false);
    if (my !== dy) blocked += Math.abs(sin);
    s.py += my;
  }
  if (blocked > DIR_ONE) blocked = DIR_ONE;
  // Math.trunc toward zero keeps the loss symmetric for reverse speeds.
  s.speed = v - Math.trunc((v * blocked) / (2 * DIR_ONE));
}
