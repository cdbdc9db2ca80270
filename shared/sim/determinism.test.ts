import { describe, expect, it } from 'vitest';
import { PLAYER_FIELD_NAMES } from './player-fields';
import { packSteer } from './steering';
import { addPlayer, findFreeSlot, removePlayer, setConnected } from './players';
import { nextInt, nextRandom, type RngHolder } from './rng';
import { step } from './step';
import { makeWorld } from './test-helpers';
import { createInputFrame, type InputFrame, type World } from './world';

const TICKS = 6000;
const TARGET_PLAYERS = 20;

/**
 * Drives several worlds in lockstep with one scripted stream: joins, leaves, drops and
 * reconnects, and inputs for about a third of the players each tick.
 */
class Script {
  private readonly rng: RngHolder;
  private seq = 0;
  readonly frame: InputFrame;

  constructor(seed: number, maxPlayers: number) {
    this.rng = { rngState: seed };
    this.frame = createInputFrame(maxPlayers);
  }

  tick(worlds: World[]): void {
    const lead = worlds[0];
    const r = nextRandom(this.rng);
    const count = lead.active.reduce((a, b) => a + b, 0);
    if (r < (count < TARGET_PLAYERS ? 0.02 : 0.002)) {
      const slot = findFreeSlot(lead);
      if (slot >= 0) for (const w of worlds) addPlayer(w, slot);
    } else if (r < 0.025) {
      const slot = nextInt(this.rng, lead.maxPlayers);
      if (lead.active[slot]) for (const w of worlds) removePlayer(w, slot);
    } else if (r < 0.03) {
      const slot = nextInt(this.rng, lead.maxPlayers);
      const up = lead.connected[slot] === 0;
      if (lead.active[slot]) for (const w of worlds) setConnected(w, slot, up);
    }
    this.frame.has.fill(0);
    for (let slot = 0; slot < lead.maxPlayers; slot++) {
      if (nextRandom(this.rng) < 0.35) {
        this.frame.has[slot] = 1;
        // Half tank steering (any buttons), half point-to-steer targets (protocol version 3).
        const point = nextRandom(this.rng) < 0.5;
        this.frame.buttons[slot] = point ? 0 : nextInt(this.rng, 16);
        this.frame.steer[slot] = point ? packSteer(nextInt(this.rng, 4096), nextInt(this.rng, 16)) : 0;
        this.frame.seq[slot] = ++this.seq;
        this.frame.late[slot] = nextRandom(this.rng) < 0.1 ? nextInt(this.rng, 4) : 0;
      }
    }
    for (const w of worlds) step(w, this.frame);
  }
}

const ARRAY_FIELDS = [...PLAYER_FIELD_NAMES, 'orderExpireTick', 'orderPlacedTick'] as const;
const SCALAR_FIELDS = [
  'tick', 'phase', 'phaseEndTick', 'round', 'nextOrderTick', 'rngState', 'deliveredTotal', 'expiredTotal',
] as const;

function bytes(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

function expectSameState(a: World, b: World): void {
  for (const f of ARRAY_FIELDS) expect(bytes(a[f]).equals(bytes(b[f])), f).toBe(true);
  for (const f of SCALAR_FIELDS) expect(a[f], f).toBe(b[f]);
}

function sameState(a: World, b: World): boolean {
  return ARRAY_FIELDS.every((f) => bytes(a[f]).equals(bytes(b[f]))) && SCALAR_FIELDS.every((f) => a[f] === b[f]);
}

describe('determinism', () => {
  it('same seed and inputs give byte-identical worlds', () => {
    const a = makeWorld(777, { roundSeconds: 60, resultsSeconds: 5 });
    const b = makeWorld(777, { roundSeconds: 60, resultsSeconds: 5 });
    const script = new Script(2024, a.maxPlayers);
    for (let t = 0; t < TICKS; t++) script.tick([a, b]);
    expectSameState(a, b);
    expect(a.round).toBeGreaterThan(1);
    expect(a.active.reduce((x, y) => x + y, 0)).toBeGreaterThan(5);
  });

  it('a different input stream gives a different world', () => {
    const a = makeWorld(777);
    const b = makeWorld(777);
    const sa = new Script(1, a.maxPlayers);
    const sb = new Script(2, b.maxPlayers);
    for (let t = 0; t < 2000; t++) {
      sa.tick([a]);
      sb.tick([b]);
    }
    expect(sameState(a, b)).toBe(false);
  });

  it('a structured clone taken mid-run continues identically', () => {
    const a = makeWorld(31337, { roundSeconds: 60, resultsSeconds: 5 });
    const script = new Script(5, a.maxPlayers);
    for (let t = 0; t < 2500; t++) script.tick([a]);
    const b = structuredClone(a);
    expectSameState(a, b);
    for (let t = 0; t < 3000; t++) script.tick([a, b]);
    expectSameState(a, b);
    expect(Buffer.from(a.city.tiles).equals(Buffer.from(b.city.tiles))).toBe(true);
  });
});
