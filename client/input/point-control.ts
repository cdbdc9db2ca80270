import { Button, HEADING_STEPS } from '../../shared/sim/constants';
import { headingToward } from '../../shared/sim/direction';
import { packControl, packSteer, STEER_THROTTLE_MAX } from '../../shared/sim/steering';
import { STICK_DEADZONE } from './stick-buttons';

/**
 * The stick's direction is rounded to this many headings (2.8 degrees): finer than a thumb
 * can aim, coarse enough that a thumb held still does not send a new input every tick.
 */
export const STICK_DIRECTIONS = 128;
/** Throttle levels the stick's distance maps to beyond the dead zone (3, 6, 9, 12, 15 of 15). */
export const STICK_THROTTLE_LEVELS = 5;
/** The stick vector is turned into integers at this scale before the integer heading search. */
const STICK_SCALE = 1024;
const DIRECTION_STEPS = HEADING_STEPS / STICK_DIRECTIONS;

/**
 * Held arrow keys / WASD as a point-to-steer control word: the screen direction the keys say
 * (two keys give a diagonal; opposite keys cancel) at full throttle, or 0 with none held.
 */
export function keysToPointControl(buttons: number): number {
  const dx = (buttons & Button.Right ? 1 : 0) - (buttons & Button.Left ? 1 : 0);
  const dy = (buttons & Button.Down ? 1 : 0) - (buttons & Button.Up ? 1 : 0);
  if (dx === 0 && dy === 0) return 0;
  return packControl(0, packSteer(headingToward(dx, dy), STEER_THROTTLE_MAX));
}

/**
 * A touch stick (dx, dy: screen directions, length 0..1) as a point-to-steer control word:
 * the direction pushed, rounded to STICK_DIRECTIONS, and a throttle from how far it is pushed
 * past the dead zone, in STICK_THROTTLE_LEVELS steps. 0 inside the dead zone (coast).
 */
export function stickToPointControl(dx: number, dy: number): number {
  const length = Math.hypot(dx, dy);
  if (!(length >= STICK_DEADZONE)) return 0;
  const heading = headingToward(Math.round(dx * STICK_SCALE), Math.round(dy * STICK_SCALE));
  if (heading < 0) return 0;
  const rounded = (Math.round(heading / DIRECTION_STEPS) * DIRECTION_STEPS) & (HEADING_STEPS - 1);
  const share = Math.min(1, (length - STICK_DEADZONE) / (1 - STICK_DEADZONE));
  const level = Math.max(1, Math.ceil(share * STICK_THROTTLE_LEVELS));
  const throttle = Math.round((level * STEER_THROTTLE_MAX) / STICK_THROTTLE_LEVELS);
  return packControl(0, packSteer(rounded, throttle));
}
