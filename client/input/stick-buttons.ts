import { Button, HEADING_STEPS } from '../../shared/sim/constants';

/** Stick deflection (0..1) below which the stick counts as released. */
export const STICK_DEADZONE = 0.25;
/** Heading error (steps) within which we stop steering: about 10 degrees, against wobble. */
const STEER_DEADBAND = Math.round(HEADING_STEPS / 36);
/** Throttle while the stick points within this of the heading (~110 degrees); beyond it, brake. */
const THROTTLE_CONE = Math.round((HEADING_STEPS * 110) / 360);

/**
 * Maps a touch stick to the same buttons the keyboard sends: the stick points where the player
 * wants to go (screen directions; y down like the heading), so steer toward that direction
 * relative to the scooter's heading and throttle while it roughly points ahead. Pointing
 * backwards brakes, then reverses. (dx, dy) is the stick vector, length 0..1.
 */
export function stickToButtons(dx: number, dy: number, headingSteps: number): number {
  if (Math.hypot(dx, dy) < STICK_DEADZONE) return 0;
  const desired = Math.round((Math.atan2(dy, dx) * HEADING_STEPS) / (2 * Math.PI));
  const half = HEADING_STEPS / 2;
  const error = ((((desired - headingSteps + half) % HEADING_STEPS) + HEADING_STEPS) % HEADING_STEPS) - half;
  let buttons = 0;
  if (Math.abs(error) <= THROTTLE_CONE) {
    buttons |= Button.Up;
    if (error > STEER_DEADBAND) buttons |= Button.Right;
    else if (error < -STEER_DEADBAND) buttons |= Button.Left;
  } else {
    // Behind us: brake/reverse, steering so the tail swings toward the stick.
    buttons |= Button.Down;
  }
  return buttons;
}
