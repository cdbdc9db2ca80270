import { BUTTON_MASK, HEADING_STEPS } from './constants';

/**
 * Point-to-steer (protocol version 3, issue 12): instead of the tank-style buttons (Up/Down
 * throttle and brake, Left/Right rotate), the player says where to go on the screen and how
 * hard, and the scooter turns toward that heading and rides at that share of top speed. It is
 * held like the buttons are, as one 16-bit value:
 *
 *   bit 15..12  throttle, 1..STEER_THROTTLE_MAX (share of top speed, in 15ths)
 *   bit 11..0   target heading, 0..HEADING_STEPS-1 (0 = east, clockwise on screen)
 *
 * 0 means "not point steering": the buttons steer. A throttle of 0 with a heading set has no
 * meaning and is refused, so every state has exactly one encoding. Buttons and a steer target
 * are never held at once (the codec refuses it): one input says one thing.
 */
export const STEER_THROTTLE_MAX = 15;
/** Bits of the target heading; HEADING_STEPS is 2^12. */
export const STEER_HEADING_BITS = 12;
const STEER_HEADING_MASK = HEADING_STEPS - 1;
export const STEER_MAX = 0xffff;

/**
 * What one input holds, as one integer (the input message's bytes 9-11, little-endian): the
 * buttons in bits 0-7 and the steer value in bits 8-23. The client's input path and the
 * server's input buffer carry it as one number, so "did it change" and "hold it" stay a single
 * compare and a single store; the world keeps the two parts as its `buttons` and `steer` fields.
 */
export const CONTROL_STEER_SHIFT = 8;
export const CONTROL_MAX = 0xffffff;

/** A steer value for a target heading (any integer, wrapped) and a throttle 0..15 (0 = none). */
export function packSteer(heading: number, throttle: number): number {
  if (!Number.isInteger(heading) || !Number.isInteger(throttle) || throttle < 0 || throttle > STEER_THROTTLE_MAX) {
    throw new RangeError(`steer out of range: heading ${heading}, throttle ${throttle}`);
  }
  return throttle === 0 ? 0 : (throttle << STEER_HEADING_BITS) | (heading & STEER_HEADING_MASK);
}

export function steerHeading(steer: number): number {
  return steer & STEER_HEADING_MASK;
}

export function steerThrottle(steer: number): number {
  return steer >>> STEER_HEADING_BITS;
}

/** An integer 0..0xffff that is 0 or has a throttle: the only values a steer field may hold. */
export function isValidSteer(steer: number): boolean {
  return Number.isInteger(steer) && steer >= 0 && steer <= STEER_MAX && (steer === 0 || steerThrottle(steer) > 0);
}

export function packControl(buttons: number, steer: number): number {
  return (buttons | (steer << CONTROL_STEER_SHIFT)) >>> 0;
}

export function controlButtons(control: number): number {
  return control & 0xff;
}

export function controlSteer(control: number): number {
  return (control >>> CONTROL_STEER_SHIFT) & STEER_MAX;
}

/** Why a control word is not one an input may carry, or null when it is fine. */
export type ControlProblem = 'buttons' | 'steer' | 'both';

export function controlProblem(control: number): ControlProblem | null {
  if (!Number.isInteger(control) || control < 0 || control > CONTROL_MAX) return 'steer';
  const buttons = controlButtons(control);
  const steer = controlSteer(control);
  if ((buttons & ~BUTTON_MASK) !== 0) return 'buttons';
  if (!isValidSteer(steer)) return 'steer';
  if (buttons !== 0 && steer !== 0) return 'both';
  return null;
}
