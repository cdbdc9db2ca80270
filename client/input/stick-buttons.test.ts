import { describe, expect, it } from 'vitest';
import { Button, HEADING_STEPS } from '../../shared/sim/constants';
import { stickToButtons } from './stick-buttons';

const EAST = 0;
const SOUTH = HEADING_STEPS / 4;

describe('stickToButtons', () => {
  it('is idle inside the dead zone', () => {
    expect(stickToButtons(0.1, 0.1, EAST)).toBe(0);
  });
  it('throttles straight when the stick points along the heading', () => {
    expect(stickToButtons(1, 0, EAST)).toBe(Button.Up);
    expect(stickToButtons(0, 1, SOUTH)).toBe(Button.Up);
  });
  it('steers toward the stick relative to the heading', () => {
    // Heading east, stick down (south) = clockwise = Right.
    expect(stickToButtons(0.7, 0.7, EAST)).toBe(Button.Up | Button.Right);
    expect(stickToButtons(0.7, -0.7, EAST)).toBe(Button.Up | Button.Left);
    // Heading south, stick east = counter-clockwise = Left.
    expect(stickToButtons(0.7, 0.7, SOUTH + 512)).toBe(Button.Up | Button.Left);
  });
  it('brakes when the stick points backwards', () => {
    expect(stickToButtons(-1, 0, EAST)).toBe(Button.Down);
  });
});
