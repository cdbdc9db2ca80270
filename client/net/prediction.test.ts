import { describe, expect, it } from 'vitest';
import { Button, POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import { addPlayer } from '../../shared/sim/players';
import { step } from '../../shared/sim/step';
import { createInputFrame, createWorld } from '../../shared/sim/world';
import { Predictor, SNAP_DISTANCE } from './prediction';

/** A scripted ride: throttle, turns both ways, braking, reversing. */
function buttonsAt(i: number): number {
  if (i < 20) return Button.Up;
  if (i < 35) return Button.Up | Button.Right;
  if (i < 50) return Button.Up;
  if (i < 60) return Button.Up | Button.Left;
  if (i < 70) return Button.Down;
  return i % 3 === 0 ? Button.Up | Button.Right : Button.Up;
}

function setup() {
  const world = createWorld({ seed: 1234, tickRateHz: 30, maxPlayers: 4, roundSeconds: 60, resultsSeconds: 5, autoRounds: true });
  addPlayer(world, 0);
  const frame = createInputFrame(world.maxPlayers);
  const serverStep = (seq: number, buttons: number) => {
    frame.has.fill(0);
    frame.has[0] = 1;
    frame.seq[0] = seq;
    frame.buttons[0] = buttons;
    step(world, frame);
  };
  const auth = () => ({ px: world.px[0], py: world.py[0], heading: world.heading[0], speed: world.speed[0], ackSeq: world.ackSeq[0] });
  return { world, serverStep, auth };
}

describe('Predictor', () => {
  it('replays unacknowledged inputs to exactly the server state', () => {
    const { world, serverStep, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    const LAG = 6;
    for (let seq = 1; seq <= 100; seq++) {
      p.applyInput(seq, buttonsAt(seq));
      // The server is LAG inputs behind: it applies seq - LAG now, and a snapshot follows.
      if (seq > LAG) {
        serverStep(seq - LAG, buttonsAt(seq - LAG));
        p.reconcile(auth());
        expect(p.pending).toBe(LAG);
      }
    }
    // Catch the server up: the prediction was right all along.
    for (let seq = 101 - LAG; seq <= 100; seq++) serverStep(seq, buttonsAt(seq));
    expect({ px: p.state.px, py: p.state.py, heading: p.state.heading, speed: p.state.speed }).toEqual({
      px: world.px[0],
      py: world.py[0],
      heading: world.heading[0],
      speed: world.speed[0],
    });
    p.reconcile(auth());
    expect(p.pending).toBe(0);
    expect(p.corrections).toBe(0);
    expect(p.offsetX).toBe(0);
    expect(p.offsetY).toBe(0);
  });

  it('smooths a small correction with a decaying offset', () => {
    const { world, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    const shownX = p.state.px;
    // The server says we are 10 units east of where we thought (a bump by another scooter).
    p.reconcile({ ...auth(), px: world.px[0] + 10 * POSITION_SCALE });
    expect(p.corrections).toBe(1);
    expect(p.state.px + p.offsetX).toBeCloseTo(shownX);
    p.decay(50);
    expect(Math.abs(p.offsetX)).toBeLessThan(10 * POSITION_SCALE * 0.4);
    p.decay(500);
    expect(p.offsetX).toBe(0);
  });

  it('snaps a correction larger than two tiles', () => {
    const { world, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    p.reconcile({ ...auth(), px: world.px[0] + 3 * TILE_SIZE * POSITION_SCALE });
    expect(3 * TILE_SIZE * POSITION_SCALE).toBeGreaterThan(SNAP_DISTANCE);
    expect(p.snaps).toBe(1);
    expect(p.offsetX).toBe(0);
  });

  it('ignores inputs until it has an authoritative state', () => {
    const { world } = setup();
    const p = new Predictor(world.city, world.params);
    p.applyInput(1, Button.Up);
    expect(p.pending).toBe(0);
  });
});
