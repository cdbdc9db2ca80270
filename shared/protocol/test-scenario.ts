import { clearPlayerSlot, NETWORKED_FIELD_NAMES } from '../sim/player-fields';
import { makeTestWorld } from './test-world';
import type { SnapshotSource } from './snapshot-encoder';

/** Deterministic PRNG (mulberry32) so size and hostile tests are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAP_X = 40 * 32 * 8;
const MAP_Y = 30 * 32 * 8;
/** 190 units/s at 30 Hz in speed quanta (1/32 unit per tick), as movementParamsFor(30). */
const MAX_SPEED = 203;
const ACCEL = 9;
const TURN_STEPS = 75;
/** 200 ms at 30 Hz: the client's keep-alive while a button is held. */
const KEEP_ALIVE_TICKS = 6;

export interface ScenarioOptions {
  maxPlayers: number;
  houseCount: number;
  players: number;
  seed: number;
  /** Chance per tick that a random slot leaves or joins (0 for a steady room). */
  churn: number;
}

/**
 * A room of scooters riding like players do: full throttle most of the time, turns of a
 * second or less now and then, a brake, a wall bounce, occasional score, pizza and order
 * changes. Inputs are acked as protocol version 2 clients send them: on every change of what
 * is held (a turn or a brake starting or ending) plus a keep-alive every KEEP_ALIVE_TICKS.
 * Not the real sim: a stand-in with the same units and rates.
 */
export class ScooterScenario {
  readonly world: SnapshotSource;
  private readonly rand: () => number;
  private readonly turnTicks: Int32Array;
  private readonly turnDir: Int32Array;
  private readonly brakeTicks: Int32Array;
  private readonly sinceInput: Int32Array;

  constructor(private readonly options: ScenarioOptions) {
    const { maxPlayers, houseCount, players, seed } = options;
    this.world = makeTestWorld(maxPlayers, houseCount);
    this.rand = mulberry32(seed);
    this.turnTicks = new Int32Array(maxPlayers);
    this.turnDir = new Int32Array(maxPlayers);
    this.brakeTicks = new Int32Array(maxPlayers);
    this.sinceInput = new Int32Array(maxPlayers);
    for (let s = 0; s < players; s++) this.join(s);
    this.world.phase = 1;
    this.world.phaseEndTick = 5400;
    this.world.round = 1;
  }

  private join(s: number): void {
    const w = this.world;
    w.active[s] = 1;
    w.connected[s] = 1;
    w.px[s] = Math.floor(this.rand() * MAP_X);
    w.py[s] = Math.floor(this.rand() * MAP_Y);
    w.heading[s] = Math.floor(this.rand() * 4096);
    w.speed[s] = Math.floor(this.rand() * MAX_SPEED);
    w.ackSeq[s] = Math.floor(this.rand() * 1000);
  }

  private leave(s: number): void {
    const w = this.world;
    clearPlayerSlot(w, NETWORKED_FIELD_NAMES, s);
  }

  /** Advances one tick. */
  tick(): void {
    const w = this.world;
    const r = this.rand;
    w.tick++;
    if (this.options.churn > 0 && r() < this.options.churn) {
      const s = Math.floor(r() * w.maxPlayers);
      if (w.active[s]) this.leave(s);
      else this.join(s);
    }
    for (let s = 0; s < w.maxPlayers; s++) {
      if (w.active[s] === 0) continue;
      const turning = this.turnTicks[s] > 0;
      const braking = this.brakeTicks[s] > 0;
      if (this.turnTicks[s] === 0 && r() < 0.03) {
        this.turnTicks[s] = 5 + Math.floor(r() * 20);
        this.turnDir[s] = r() < 0.5 ? -1 : 1;
      }
      if (this.brakeTicks[s] === 0 && r() < 0.005) this.brakeTicks[s] = 10;
      const changed = turning !== this.turnTicks[s] > 0 || braking !== this.brakeTicks[s] > 0 || this.turnTicks[s] === 1 || this.brakeTicks[s] === 1;
      if (changed || ++this.sinceInput[s] >= KEEP_ALIVE_TICKS) {
        w.ackSeq[s]++;
        this.sinceInput[s] = 0;
      }
      if (this.turnTicks[s] > 0) {
        this.turnTicks[s]--;
        w.heading[s] = (w.heading[s] + this.turnDir[s] * TURN_STEPS) & 4095;
      }
      if (this.brakeTicks[s] > 0) {
        this.brakeTicks[s]--;
        w.speed[s] = Math.max(0, w.speed[s] - 2 * ACCEL);
      } else {
        w.speed[s] = Math.min(MAX_SPEED, w.speed[s] + ACCEL);
      }
      const angle = (w.heading[s] / 4096) * 2 * Math.PI;
      // speed quanta are 1/32 unit, position quanta 1/8 unit: divide by 4.
      let x = w.px[s] + Math.round((w.speed[s] * Math.cos(angle)) / 4);
      let y = w.py[s] + Math.round((w.speed[s] * Math.sin(angle)) / 4);
      if (x < 0 || y < 0 || x >= MAP_X || y >= MAP_Y) {
        x = Math.min(MAP_X - 1, Math.max(0, x));
        y = Math.min(MAP_Y - 1, Math.max(0, y));
        w.heading[s] = (w.heading[s] + 2048) & 4095;
        w.speed[s] = 0;
      }
      w.px[s] = x;
      w.py[s] = y;
      if (r() < 0.002) w.carrying[s] = Math.floor(r() * 4);
      if (r() < 0.002) w.score[s] += 10 + Math.floor(r() * 40);
    }
    const houses = w.orderExpireTick.length;
    if (houses > 0 && r() < 0.03) {
      const h = Math.floor(r() * houses);
      if (w.orderExpireTick[h] === 0) {
        w.orderExpireTick[h] = w.tick + 600;
        w.orderPlacedTick[h] = w.tick;
      } else {
        w.orderExpireTick[h] = 0;
      }
    }
  }
}
