/** Something driven once per input tick (a BotPlayer). */
export interface Tickable {
  onInputTick(): void;
}

/**
 * One timer per process and rate driving every bot, instead of a setInterval per bot (issue
 * #5: 1000 bots in one process). Bots are spread over `phases` groups woken in turn, so the
 * process sends a quarter of its inputs every quarter step rather than all of them at once.
 * Due times are computed from the start (start + n * step / phases), so the average input
 * rate equals the server's tick rate exactly; a setInterval's rounding would make bots send
 * slightly too fast or too slow and grow or drain the server's input queues.
 */
export class BotTicker {
  readonly stepMs: number;
  private readonly groups: Set<Tickable>[];
  private readonly groupOf = new Map<Tickable, number>();
  private nextGroup = 0;
  private startMs = 0;
  private wakeIndex = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    rateHz: number,
    private readonly phases = 4,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.stepMs = 1000 / rateHz;
    this.groups = Array.from({ length: phases }, () => new Set<Tickable>());
  }

  get size(): number {
    return this.groupOf.size;
  }

  add(bot: Tickable): void {
    if (this.groupOf.has(bot)) return;
    const group = this.nextGroup;
    this.nextGroup = (this.nextGroup + 1) % this.phases;
    this.groups[group].add(bot);
    this.groupOf.set(bot, group);
    if (this.timer === null) {
      this.startMs = this.nowMs();
      this.wakeIndex = 0;
      this.schedule();
    }
  }

  remove(bot: Tickable): void {
    const group = this.groupOf.get(bot);
    if (group === undefined) return;
    this.groups[group].delete(bot);
    this.groupOf.delete(bot);
    if (this.groupOf.size === 0 && this.timer !== null) {
      // Nothing left to drive: let the process exit.
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private dueMs(index: number): number {
    return this.startMs + (index * this.stepMs) / this.phases;
  }

  private readonly wake = (): void => {
    this.timer = null;
    const now = this.nowMs();
    // Run every group that is due, at most one full step of them; a longer stall is skipped.
    let ran = 0;
    while (this.dueMs(this.wakeIndex) <= now && ran < this.phases) {
      for (const bot of this.groups[this.wakeIndex % this.phases]) bot.onInputTick();
      this.wakeIndex++;
      ran++;
    }
    while (this.dueMs(this.wakeIndex) <= now) this.wakeIndex++;
    if (this.groupOf.size > 0) this.schedule();
  };

  private schedule(): void {
    const waitMs = this.dueMs(this.wakeIndex) - this.nowMs();
    this.timer = setTimeout(this.wake, waitMs > 0 ? waitMs : 0);
  }
}

const shared = new Map<number, BotTicker>();

/** The process-wide ticker for a rate (the server's tick rate from the welcome). */
export function sharedBotTicker(rateHz: number): BotTicker {
  let ticker = shared.get(rateHz);
  if (ticker === undefined) {
    ticker = new BotTicker(rateHz);
    shared.set(rateHz, ticker);
  }
  return ticker;
}
