import { addPlayer, removePlayer, setConnected } from '../sim/players';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { createInputFrame, type InputFrame } from '../sim/world';
import { step } from '../sim/step';
import { createWorld, type World } from '../sim/world';
import { DeliveryWatch } from './delivery-watch';
import { PositionHistory } from './position-history';
import type { KeyframeEvent, Recording, ReplayEvent } from './recording';
import { KeyframeReason } from './replay-format';
import { applyKeyframe, diffKeyframe } from './world-keyframe';

export interface ReplayedDelivery {
  tick: number;
  slot: number;
  count: number;
  points: number;
}

export interface ReplayerOptions {
  /**
   * Ticks of scooter positions kept behind the current tick, for the student's lens (others drawn
   * an RTT plus an interpolation delay behind). A seek starts from a keyframe at least this far
   * back, so the history is full. @default 3 seconds' worth
   */
  historyTicks?: number;
  /** Check every periodic and final keyframe against the replayed world (verification). @default false */
  verify?: boolean;
}

/**
 * Re-runs a recorded round with the real simulation: the world starts from a keyframe and every
 * recorded input, join, drop, resume and leave is applied at its tick, stepping in between
 * exactly as the room's owner did. Seeking goes to the nearest keyframe before the tick (far
 * enough back to fill the position history) and steps forward from there.
 */
export class Replayer {
  readonly world: World;
  /** Player names by slot, as of the current tick. */
  readonly names: string[];
  /** RTT the server measured per slot, as of the current tick (-1: none yet). */
  readonly rttMs: Int32Array;
  readonly history: PositionHistory;
  /** Deliveries the replay produced since the last seek (verification compares them). */
  readonly produced: ReplayedDelivery[] = [];
  /** Deliveries the recording says happened, met since the last seek. */
  readonly recorded: ReplayedDelivery[] = [];
  /** Keyframes the replay did not match (verify mode): "tick N: field[slot] ...". */
  readonly mismatches: string[] = [];
  private readonly frame: InputFrame;
  private readonly watch: DeliveryWatch;
  private readonly options: Required<ReplayerOptions>;
  private next = 0;
  private ended = false;
  private readonly onDelivery = (slot: number, count: number, points: number): void => {
    this.produced.push({ tick: this.world.tick, slot, count, points });
  };

  /** A replayer for a decoded recording, or why this simulation cannot replay it. */
  static open(recording: Recording, options: ReplayerOptions = {}): { ok: true; value: Replayer } | { ok: false; message: string } {
    try {
      return { ok: true, value: new Replayer(recording, options) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  constructor(
    readonly recording: Recording,
    options: ReplayerOptions = {},
  ) {
    const { config } = recording.header;
    this.options = { historyTicks: Math.ceil(config.tickRateHz * 3), verify: false, ...options };
    this.world = createWorld({ ...config });
    if (this.world.city.houses.length !== recording.header.houseCount) {
      throw new Error(`recording: its city has ${recording.header.houseCount} houses, this simulation builds ${this.world.city.houses.length} from the seed`);
    }
    this.names = new Array<string>(config.maxPlayers).fill('');
    this.rttMs = new Int32Array(config.maxPlayers).fill(-1);
    this.frame = createInputFrame(config.maxPlayers);
    this.watch = new DeliveryWatch(config.maxPlayers);
    this.history = new PositionHistory(config.maxPlayers, this.options.historyTicks + 2);
    this.load(recording.keyframes[0]);
  }

  get tick(): number {
    return this.world.tick;
  }

  /** True once the End event was reached (or the recording ran out). */
  get finished(): boolean {
    return this.ended;
  }

  /** Goes to `tick` (clamped to the recording): from the nearest keyframe, stepping forward. */
  seek(tick: number): void {
    const target = Math.max(this.recording.startTick, Math.min(this.recording.endTick, Math.round(tick)));
    const from = target - this.options.historyTicks;
    const keyframes = this.recording.keyframes;
    let k = 0;
    for (let i = keyframes.length - 1; i >= 0; i--) {
      if (this.recording.events[keyframes[i]].tick <= from) {
        k = i;
        break;
      }
    }
    // Already past that keyframe and short of the target: going on from here is the same.
    const goOn = this.world.tick <= target && this.next > keyframes[k];
    if (!goOn) this.load(keyframes[k]);
    this.runTo(target);
  }

  /** Steps `ticks` forward (applying what was recorded), stopping at the end. */
  advance(ticks = 1): void {
    this.runTo(Math.min(this.recording.endTick, this.world.tick + ticks));
  }

  /** Runs to the end, checking as it goes (use with `verify`). */
  runToEnd(): void {
    this.runTo(this.recording.endTick);
    this.applyDue();
  }

  private load(eventIndex: number): void {
    const event = this.recording.events[eventIndex] as KeyframeEvent;
    applyKeyframe(event.state, this.world);
    for (let slot = 0; slot < this.names.length; slot++) this.names[slot] = event.names[slot];
    this.rttMs.set(event.state.rttMs);
    this.frame.has.fill(0);
    this.next = eventIndex + 1;
    this.ended = false;
    this.produced.length = 0;
    this.recorded.length = 0;
    this.history.clear();
    this.history.push(this.world);
  }

  /** Applies every event of the current tick, then steps until the world is at `target`. */
  private runTo(target: number): void {
    for (;;) {
      this.applyDue();
      if (this.world.tick >= target || this.ended) return;
      this.watch.before(this.world);
      step(this.world, this.frame);
      this.frame.has.fill(0);
      this.watch.after(this.world, this.onDelivery);
      this.history.push(this.world);
    }
  }

  private applyDue(): void {
    const events = this.recording.events;
    while (this.next < events.length && events[this.next].tick <= this.world.tick) this.apply(events[this.next++]);
    if (this.next >= events.length) this.ended = true;
  }

  private apply(e: ReplayEvent): void {
    const world = this.world;
    switch (e.kind) {
      case 'input': {
        const frame = this.frame;
        frame.has[e.slot] = 1;
        for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) frame[INPUT_FIELD_NAMES[i]][e.slot] = e.values[i];
        return;
      }
      case 'rtt':
        this.rttMs[e.slot] = e.rttMs;
        return;
      case 'delivery':
        this.recorded.push({ tick: e.tick, slot: e.slot, count: e.count, points: e.points });
        return;
      case 'join':
        addPlayer(world, e.slot);
        this.names[e.slot] = e.name;
        this.rttMs[e.slot] = -1;
        return;
      case 'drop':
        setConnected(world, e.slot, false);
        return;
      case 'resume':
        setConnected(world, e.slot, true);
        return;
      case 'leave':
        removePlayer(world, e.slot);
        this.names[e.slot] = '';
        this.rttMs[e.slot] = -1;
        return;
      case 'keyframe':
        if (e.reason !== KeyframeReason.Restored && this.options.verify) {
          const diff = diffKeyframe(e.state, world);
          if (diff !== null) this.mismatches.push(`tick ${e.tick}: ${diff}`);
        }
        // A restored room continues from its saved state; elsewhere this changes nothing
        // unless the replay went astray (then the viewer is back on track at once).
        applyKeyframe(e.state, world);
        this.rttMs.set(e.state.rttMs);
        for (let slot = 0; slot < this.names.length; slot++) this.names[slot] = e.names[slot];
        return;
      case 'teacher':
        return;
      case 'end':
        this.ended = true;
        return;
    }
  }
}
