import { describe, expect, it } from 'vitest';
import { addPlayer, setConnected } from './players';
import { CONTROL_FIELD_NAMES, INPUT_FIELD_NAMES, INPUT_FIELDS, PLAYER_FIELDS } from './player-fields';
import { packSteer } from './steering';
import { step } from './step';
import { makeWorld } from './test-helpers';
import { createInputFrame } from './world';

describe('input fields (declared once in player-fields.ts)', () => {
  it('each has the array kind of the world field it sets, and the frame has every one', () => {
    const frame = createInputFrame(5);
    for (const name of INPUT_FIELD_NAMES) {
      const spec = INPUT_FIELDS[name];
      expect(spec.array, name).toBe(PLAYER_FIELDS[spec.sets].array);
      expect(frame[name].length, name).toBe(5);
    }
    expect(Object.keys(frame).sort()).toEqual([...INPUT_FIELD_NAMES, 'has'].sort());
    // The frame's arrays do not overlap: writing one leaves the others zero.
    for (const name of INPUT_FIELD_NAMES) frame[name].fill(0);
    frame.steer.fill(0xffff);
    for (const name of INPUT_FIELD_NAMES) if (name !== 'steer') expect(Array.from(frame[name]), name).toEqual([0, 0, 0, 0, 0]);
  });

  it('step copies every input field of a slot with an input into the world, and only those slots', () => {
    const world = makeWorld(3, { maxPlayers: 4, autoRounds: false });
    addPlayer(world, 0);
    addPlayer(world, 1);
    const frame = createInputFrame(4);
    frame.has[0] = 1;
    frame.buttons[0] = 0;
    frame.steer[0] = packSteer(1024, 12);
    frame.seq[0] = 77;
    frame.late[0] = 3;
    frame.buttons[1] = 5;
    frame.seq[1] = 99;
    step(world, frame);
    for (const name of INPUT_FIELD_NAMES) expect(world[INPUT_FIELDS[name].sets][0], name).toBe(frame[name][0]);
    expect([world.buttons[1], world.ackSeq[1]]).toEqual([0, 0]);
  });

  it('the control fields are what a dropped player stops holding', () => {
    expect([...CONTROL_FIELD_NAMES].sort()).toEqual(['buttons', 'steer']);
    const world = makeWorld(3, { maxPlayers: 2, autoRounds: false });
    addPlayer(world, 0);
    world.steer[0] = packSteer(10, 4);
    world.ackSeq[0] = 8;
    setConnected(world, 0, false);
    expect(world.steer[0]).toBe(0);
    expect(world.ackSeq[0]).toBe(8);
  });
});
