import { describe, expect, it } from 'vitest';
import { Button, HEADING_STEPS, POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import { controlButtons, controlSteer, packControl, packSteer } from '../../shared/sim/steering';
import { addPlayer } from '../../shared/sim/players';
import { step } from '../../shared/sim/step';
import { createInputFrame, createWorld } from '../../shared/sim/world';
import { Predictor, SNAP_DISTANCE } from './prediction';

/** A scripted ride by tick: throttle, turns both ways, braking, reversing. */
function buttonsAt(i: number): number {
  if (i < 20) return Button.Up;
  if (i < 35) return Button.Up | Button.Right;
  if (i < 50) return Button.Up;
  if (i < 60) return Button.Up | Button.Left;
  if (i < 70) return Button.Down;
  return i % 9 < 3 ? Button.Up | Button.Right : Button.Up;
}

/** The same ride point-steering (protocol version 3): targets all round, throttle changes, coasting. */
function pointAt(i: number): number {
  if (i < 10) return 0;
  const throttle = i < 60 ? 15 : i < 80 ? 6 : i % 20 < 4 ? 0 : 11;
  const heading = (Math.floor(i / 12) * 700 + (i % 12 < 6 ? 0 : 150)) % HEADING_STEPS;
  return packControl(0, packSteer(heading, throttle));
}

interface SentInput {
  seq: number;
  stamp: number;
  /** The control word: buttons, or a steer target. */
  buttons: number;
  /** Server tick during which it arrives (it can apply from this tick on). */
  arrives: number;
}

/**
 * A server as protocol version 2 runs it, in miniature: each input takes effect at its stamp,
 * or at the tick it arrives when that is later, and its buttons are held until the next.
 */
function setup() {
  const world = createWorld({ seed: 1234, tickRateHz: 30, maxPlayers: 4, roundSeconds: 60, resultsSeconds: 5, autoRounds: true });
  addPlayer(world, 0);
  const frame = createInputFrame(world.maxPlayers);
  const inbox: SentInput[] = [];
  const serverTick = () => {
    frame.has.fill(0);
    for (const input of inbox) {
      if (input.arrives > world.tick || Math.max(input.stamp, input.arrives) > world.tick || input.seq <= world.ackSeq[0]) continue;
      frame.has[0] = 1;
      frame.seq[0] = input.seq;
      frame.buttons[0] = controlButtons(input.buttons);
      frame.steer[0] = controlSteer(input.buttons);
      frame.late[0] = Math.max(0, input.arrives - input.stamp);
    }
    step(world, frame);
  };
  const auth = () => ({ px: world.px[0], py: world.py[0], heading: world.heading[0], speed: world.speed[0], ackSeq: world.ackSeq[0], tick: world.tick });
  return { world, inbox, serverTick, auth };
}

/**
 * The client runs LEAD ticks ahead of the server, sends an input only when its buttons
 * change, and reconciles on a snapshot every tick. `lateBy(seq)` delays an input's arrival.
 */
function ride(ticks: number, lead: number, lateBy: (seq: number) => number = () => 0, script: (i: number) => number = buttonsAt) {
  const s = setup();
  const p = new Predictor(s.world.city, s.world.params);
  p.reconcile(s.auth());
  let seq = 0;
  let held = -1;
  for (let t = 0; t < ticks; t++) {
    const tick = p.tick;
    const buttons = script(t);
    let sent = 0;
    if (buttons !== held) {
      sent = ++seq;
      held = buttons;
      // Sent now, `lead` ticks ahead of the server: it arrives in time unless delayed.
      s.inbox.push({ seq: sent, stamp: tick, buttons, arrives: tick - lead + lateBy(sent) });
    }
    p.applyInput(sent, buttons);
    if (t < lead) continue;
    s.serverTick();
    expect(p.tick - s.world.tick).toBe(lead);
    p.reconcile(s.auth());
  }
  return { ...s, p };
}

describe('Predictor (inputs stamped with their tick, sent on change)', () => {
  it('replays to exactly the server state when every input arrives by its tick: no corrections', () => {
    for (const lead of [1, 3, 8]) {
      const { world, serverTick, p } = ride(120, lead);
      expect(p.corrections).toBe(0);
      expect(p.maxCorrectionTiles).toBe(0);
      // Catch the server up: the prediction was right all along.
      while (world.tick < p.tick) serverTick();
      expect({ px: p.state.px, py: p.state.py, heading: p.state.heading, speed: p.state.speed }).toEqual({
        px: world.px[0],
        py: world.py[0],
        heading: world.heading[0],
        speed: world.speed[0],
      });
      expect(p.offsetX).toBe(0);
      expect(p.offsetY).toBe(0);
    }
  });

  it('replays point-to-steer inputs to exactly the server state too: no corrections', () => {
    for (const lead of [1, 4]) {
      const { world, serverTick, p } = ride(240, lead, () => 0, pointAt);
      expect(p.corrections).toBe(0);
      while (world.tick < p.tick) serverTick();
      expect([p.state.px, p.state.py, p.state.heading, p.state.speed]).toEqual([world.px[0], world.py[0], world.heading[0], world.speed[0]]);
      // It really rode: the point steering moved and turned the scooter.
      expect(world.steer[0]).not.toBe(0);
      expect(world.speed[0]).toBeGreaterThan(0);
    }
  });

  it('reconciles a late point-to-steer input exactly once it is applied', () => {
    const { world, serverTick, p } = ride(200, 3, (seq) => (seq === 6 ? 5 : 0), pointAt);
    expect(p.corrections).toBeGreaterThanOrEqual(1);
    const corrections = p.corrections;
    while (world.tick < p.tick) serverTick();
    expect([p.state.px, p.state.py, p.state.heading, p.state.speed]).toEqual([world.px[0], world.py[0], world.heading[0], world.speed[0]]);
    expect(p.corrections).toBe(corrections);
  });

  it('counts a late input as a correction, in tiles, then reconciles exactly to what the server did', () => {
    // Input #3 (the turn at ride tick 20) reaches the server 3 ticks after its stamp.
    const { world, serverTick, p } = ride(120, 3, (seq) => (seq === 3 ? 6 : 0));
    expect(p.corrections).toBeGreaterThanOrEqual(1);
    expect(p.maxCorrectionTiles).toBeGreaterThan(0);
    expect(p.maxCorrectionTiles).toBeLessThan(2);
    expect(world.ackLate[0]).toBe(0);
    const corrections = p.corrections;
    while (world.tick < p.tick) serverTick();
    expect([p.state.px, p.state.py, p.state.heading, p.state.speed]).toEqual([world.px[0], world.py[0], world.heading[0], world.speed[0]]);
    // Once the late input is behind us, the prediction is exact again.
    expect(p.corrections).toBe(corrections);
  });

  it('assumes a late, unacknowledged input takes effect at the snapshot tick', () => {
    const { world, inbox, serverTick, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    p.applyInput(1, Button.Up); // stamped 0
    p.applyInput(0, Button.Up);
    p.applyInput(2, Button.Up | Button.Left); // stamped 2, will arrive late (server tick 4)
    p.applyInput(0, Button.Up | Button.Left);
    p.applyInput(0, Button.Up | Button.Left);
    inbox.push({ seq: 1, stamp: 0, buttons: Button.Up, arrives: 0 }, { seq: 2, stamp: 2, buttons: Button.Up | Button.Left, arrives: 4 });
    for (let i = 0; i < 3; i++) serverTick();
    // Snapshot at tick 3: #2 should have been applied at 2 but was not: the replay starts it at 3.
    p.reconcile(auth());
    expect(p.corrections).toBe(1);
    serverTick();
    serverTick();
    p.reconcile(auth());
    expect(world.ackSeq[0]).toBe(2);
    expect(world.ackLate[0]).toBe(2);
    // The server applied it at 4, not 3: one more small correction, then exact.
    expect(p.corrections).toBe(2);
    expect([p.state.px, p.state.py, p.state.heading]).toEqual([world.px[0], world.py[0], world.heading[0]]);
  });

  it('holds the buttons over ticks it skipped, as the server does', () => {
    const { world, inbox, serverTick, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    p.applyInput(1, Button.Up);
    inbox.push({ seq: 1, stamp: 0, buttons: Button.Up, arrives: 0 });
    p.advanceTo(10); // the pump skipped ticks 1..9: Up stays held
    p.applyInput(2, Button.Up | Button.Right);
    inbox.push({ seq: 2, stamp: 10, buttons: Button.Up | Button.Right, arrives: 9 });
    while (world.tick < p.tick) serverTick();
    p.reconcile(auth());
    expect(p.corrections).toBe(0);
    expect([p.state.px, p.state.py, p.state.heading]).toEqual([world.px[0], world.py[0], world.heading[0]]);
  });

  it('restarted (prediction switched off and on) holds the last input sent until the next', () => {
    const { world, inbox, serverTick, auth } = setup();
    inbox.push({ seq: 4, stamp: 0, buttons: Button.Up | Button.Left, arrives: 0 });
    for (let i = 0; i < 10; i++) serverTick();
    const p = new Predictor(world.city, world.params);
    p.seed(4, 0, Button.Up | Button.Left);
    p.reconcile(auth());
    p.advanceTo(world.tick + 6);
    while (world.tick < p.tick) serverTick();
    p.reconcile(auth());
    expect(p.corrections).toBe(0);
    expect([p.state.px, p.state.py, p.state.heading]).toEqual([world.px[0], world.py[0], world.heading[0]]);
  });

  it('smooths a small correction with a decaying offset', () => {
    const { world, auth } = setup();
    const p = new Predictor(world.city, world.params);
    p.reconcile(auth());
    const shownX = p.state.px;
    // The server says we are 10 units east of where we thought (a bump by another scooter).
    p.reconcile({ ...auth(), px: world.px[0] + 10 * POSITION_SCALE });
    expect(p.corrections).toBe(1);
    expect(p.maxCorrectionTiles).toBeCloseTo(10 / TILE_SIZE);
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
    expect(p.tick).toBe(0);
  });
});
