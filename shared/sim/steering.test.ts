import { describe, expect, it } from 'vitest';
import { BUTTON_MASK } from './constants';
import { controlButtons, controlProblem, controlSteer, isValidSteer, packControl, packSteer, STEER_THROTTLE_MAX, steerHeading, steerThrottle } from './steering';

describe('steer values', () => {
  it('pack a heading and a throttle, and unpack them', () => {
    for (const throttle of [1, 7, STEER_THROTTLE_MAX]) {
      for (const heading of [0, 1, 1024, 3584, 4095]) {
        const steer = packSteer(heading, throttle);
        expect([steerHeading(steer), steerThrottle(steer)]).toEqual([heading, throttle]);
        expect(isValidSteer(steer)).toBe(true);
      }
    }
    // Headings wrap; throttle 0 is "not steering", whatever the heading.
    expect(packSteer(4096 + 3, 2)).toBe(packSteer(3, 2));
    expect(packSteer(-1, 2)).toBe(packSteer(4095, 2));
    expect(packSteer(1234, 0)).toBe(0);
  });

  it('refuse throttles outside 0..15 (our bug)', () => {
    expect(() => packSteer(0, 16)).toThrow(RangeError);
    expect(() => packSteer(0, -1)).toThrow(RangeError);
    expect(() => packSteer(0.5, 3)).toThrow(RangeError);
  });

  it('are valid only as 0 or with a throttle', () => {
    expect(isValidSteer(0)).toBe(true);
    expect(isValidSteer(5)).toBe(false);
    expect(isValidSteer(0x0fff)).toBe(false);
    expect(isValidSteer(0x1000)).toBe(true);
    expect(isValidSteer(0x10000)).toBe(false);
    expect(isValidSteer(-1)).toBe(false);
  });
});

describe('control words', () => {
  it('carry buttons in the low byte and steer above it', () => {
    const c = packControl(0, packSteer(3584, 15));
    expect(controlButtons(c)).toBe(0);
    expect(controlSteer(c)).toBe(packSteer(3584, 15));
    expect(packControl(BUTTON_MASK, 0)).toBe(BUTTON_MASK);
    expect(controlButtons(9)).toBe(9);
    expect(controlSteer(9)).toBe(0);
  });

  it('say what is wrong with a control an input may not carry', () => {
    expect(controlProblem(0)).toBeNull();
    expect(controlProblem(BUTTON_MASK)).toBeNull();
    expect(controlProblem(packControl(0, packSteer(10, 1)))).toBeNull();
    expect(controlProblem(0x10)).toBe('buttons');
    expect(controlProblem(packControl(0, 7))).toBe('steer');
    expect(controlProblem(packControl(1, packSteer(10, 1)))).toBe('both');
    expect(controlProblem(1 << 24)).toBe('steer');
    expect(controlProblem(-1)).toBe('steer');
    expect(controlProblem(1.5)).toBe('steer');
  });
});
