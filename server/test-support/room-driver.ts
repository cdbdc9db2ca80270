import { BotBrain } from '../../bots/bot-brain';
import { nextInt, nextRandom, type RngHolder } from '../../shared/sim/rng';
import { Room, type RoomOptions } from '../rooms/room';

/** A classroom room for tests: 30 Hz, 12 slots, a snapshot every tick. */
export function testRoomOptions(overrides: Partial<RoomOptions> = {}): RoomOptions {
  return {
    code: 'TESTRM',
    world: { tickRateHz: 30, maxPlayers: 12, roundSeconds: 40, resultsSeconds: 5, seed: 4242, autoRounds: false },
    ticksPerSnapshot: 1,
    snapshotsPerKeyframe: 150,
    resumeGraceMs: 60_000,
    emptyRoomGraceMs: 60_000,
    mode: 'teacher',
    ...overrides,
  };
}

/**
 * Plays a room as clients would, in process: bots decide buttons each tick and send them as
 * protocol-2 clients do (on a change, plus a keep-alive every 6 ticks), stamped for the tick
 * about to run, some of them late; and, with churn, players join, leave, drop and resume.
 * Driven by a seeded rng, so a run is repeatable.
 */
export class RoomDriver {
  readonly rng: RngHolder;
  private readonly brains: (BotBrain | null)[] = [];
  private readonly seq: number[] = [];
  private readonly lastButtons: number[] = [];
  private readonly lastSentTick: number[] = [];
  private joined = 0;
  nowMs = 0;

  constructor(
    public room: Room,
    seed: number,
    private readonly churn = 0,
  ) {
    this.rng = { rngState: seed };
  }

  join(name = `P${++this.joined}`): number {
    const result = this.room.join(name, this.nowMs);
    if (!result.ok) return -1;
    this.brains[result.slot] = new BotBrain(this.room.world.city, this.room.world.params, result.slot);
    this.seq[result.slot] = 0;
    this.lastButtons[result.slot] = -1;
    this.lastSentTick[result.slot] = -100;
    return result.slot;
  }

  /** One tick: churn, inputs, advance. */
  tick(): void {
    const room = this.room;
    const world = room.world;
    if (this.churn > 0) this.doChurn();
    for (let slot = 0; slot < world.maxPlayers; slot++) {
      const brain = this.brains[slot];
      if (brain === null || brain === undefined || !world.active[slot] || !world.connected[slot]) continue;
      const buttons = brain.decide(world, slot);
      if (buttons === this.lastButtons[slot] && world.tick - this.lastSentTick[slot] < 6) continue;
      // A few inputs arrive a tick or two after the tick they were stamped for.
      const late = nextRandom(this.rng) < 0.05 ? 1 + nextInt(this.rng, 2) : 0;
      const stamp = Math.max(this.lastSentTick[slot] + 1, world.tick - late);
      if (room.acceptInput(slot, ++this.seq[slot], stamp, buttons) === null) {
        this.lastButtons[slot] = buttons;
        this.lastSentTick[slot] = stamp;
      }
    }
    room.advance();
    this.nowMs += 1000 / world.config.tickRateHz;
  }

  run(ticks: number, everyTick: (t: number) => void = () => undefined): void {
    for (let t = 0; t < ticks; t++) {
      this.tick();
      everyTick(t);
    }
  }

  private doChurn(): void {
    const room = this.room;
    const world = room.world;
    const r = nextRandom(this.rng);
    if (r >= this.churn) return;
    const slot = nextInt(this.rng, world.maxPlayers);
    const what = nextInt(this.rng, 4);
    if (!world.active[slot]) {
      if (what < 2) this.join();
    } else if (what === 0) {
      room.leave(slot, this.nowMs);
      this.brains[slot] = null;
    } else if (what === 1 && world.connected[slot]) {
      room.disconnect(slot, this.nowMs);
    } else if (!world.connected[slot]) {
      if (room.reconnect(slot).ok) {
        // A resumed client continues its seqs after the last one the server applied.
        this.seq[slot] = world.ackSeq[slot];
        this.lastSentTick[slot] = world.tick - 1;
        this.lastButtons[slot] = -1;
      }
    }
  }
}
