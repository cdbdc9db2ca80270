/**
 * Calls `task` every `intervalMs`, never overlapping and never faster: the next call is
 * scheduled only after the previous one settled, so a slow server gets fewer requests, not a
 * pile of them (the per-address rate limit counts every poll).
 */
export class Poller {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs the task now (e.g. right after an action) and restarts the interval from here. */
  now(): void {
    if (!this.running) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    void this.tick();
  }

  private async tick(): Promise<void> {
    const startedMs = performance.now();
    try {
      await this.task();
    } finally {
      if (this.running && this.timer === null) {
        const waitMs = Math.max(0, this.intervalMs - (performance.now() - startedMs));
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.tick();
        }, waitMs);
      }
    }
  }
}
