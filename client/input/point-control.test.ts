import { describe, expect, it } from 'vitest';
import { Button, HEADING_STEPS } from '../../shared/sim/constants';
import { controlButtons, controlSteer, steerHeading, steerThrottle } from '../../shared/sim/steering';
import { keysToPointControl, STICK_DIRECTIONS, stickToPointControl } from './point-control';
import { STICK_DEADZONE } from './stick-buttons';

const target = (control: number) => ({ heading: steerHeading(controlSteer(control)), throttle: steerThrottle(controlSteer(control)), buttons: controlButtons(control) });

describe('keysToPointControl', () => {
  it('rides the screen direction the keys say, at full throttle, diagonals by two keys', () => {
    const cases: [number, number][] = [
      [Button.Right, 0],
      [Button.Right | Button.Down, 512],
      [Button.Down, 1024],
      [Button.Down | Button.Left, 1536],
      [Button.Left, 2048],
      [Button.Left | Button.Up, 2560],
      [Button.Up, 3072],
      [Button.Up | Button.Right, 3584],
      // Three keys: the opposite pair cancels.
      [Button.Up | Button.Left | Button.Right, 3072],
    ];
    for (const [keys, heading] of cases) expect(target(keysToPointControl(keys)), String(keys)).toEqual({ heading, throttle: 15, buttons: 0 });
  });

  it('is 0 (coast) with no keys or only opposite keys', () => {
    expect(keysToPointControl(0)).toBe(0);
    expect(keysToPointControl(Button.Up | Button.Down)).toBe(0);
    expect(keysToPointControl(Button.Left | Button.Right)).toBe(0);
  });
});

describe('stickToPointControl', () => {
  it('is 0 inside the dead zone', () => {
    expect(stickToPointControl(0, 0)).toBe(0);
    expect(stickToPointControl(STICK_DEADZONE * 0.7, STICK_DEADZONE * 0.7)).toBe(0);
  });

  it('points where the stick is pushed (screen directions, y down), rounded to 128 directions', () => {
    const r = Math.SQRT1_2;
    expect(target(stickToPointControl(0, -1))).toEqual({ heading: 3072, throttle: 15, buttons: 0 });
    expect(target(stickToPointControl(r, -r))).toEqual({ heading: 3584, throttle: 15, buttons: 0 });
    expect(target(stickToPointControl(-1, 0)).heading).toBe(2048);
    for (let k = 0; k < 720; k++) {
      const a = (k * Math.PI) / 360;
      const { heading } = target(stickToPointControl(Math.cos(a), Math.sin(a)));
      expect(heading % (HEADING_STEPS / STICK_DIRECTIONS)).toBe(0);
      const exact = (a * HEADING_STEPS) / (2 * Math.PI);
      const off = Math.abs(((heading - exact + HEADING_STEPS * 1.5) % HEADING_STEPS) - HEADING_STEPS / 2);
      expect(off).toBeLessThanOrEqual(HEADING_STEPS / STICK_DIRECTIONS / 2 + 1);
    }
  });

  it('throttles with the distance pushed, in five steps from a crawl to full', () => {
    const throttles = [0.3, 0.45, 0.6, 0.75, 0.9, 1, 1.4].map((len) => target(stickToPointControl(len, 0)).throttle);
    expect(throttles).toEqual([3, 6, 9, 12, 15, 15, 15]);
    for (let len = STICK_DEADZONE; len <= 1; len += 0.01) {
      const t = target(stickToPointControl(0, len)).throttle;
      expect(t).toBeGreaterThanOrEqual(3);
      expect(t).toBeLessThanOrEqual(15);
    }
  });
});
