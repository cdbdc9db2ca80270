/**
 * A FIFO of things to hand on later, with one timer for the head: what a TCP stream does to
 * messages behind a slow one. Release times come from a TcpDelayModel and never go backwards,
 * so a message is never handed on before the one queued ahead of it (one timer per message
 * could fire out of order when timers round to whole milliseconds).
 */
export class DelayQueue<T> {
  private readonly items: { dueMs: number; item: T }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly nowMs: () => number,
  ) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T, delayMs: number): void {
    this.items.push({ dueMs: this.nowMs() + delayMs, item });
    if (this.timer === null) this.arm();
  }

  /** Hands on everything still held, now (the conditions were cleared). */
  flush(): void {
    this.cancel();
    while (this.items.length > 0) this.deliver(this.items.shift()!.item);
  }

  /** Drops everything still held (the connection is gone). */
  clear(): void {
    this.cancel();
    this.items.length = 0;
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    const head = this.items[0];
    if (head === undefined) return;
    this.timer = setTimeout(() => this.release(), Math.max(0, head.dueMs - this.nowMs()));
  }

  private release(): void {
    this.timer = null;
    const now = this.nowMs();
    // Timers may fire a little early; 1 ms of slack keeps one wake-up per due batch.
    while (this.items.length > 0 && this.items[0].dueMs <= now + 1) this.deliver(this.items.shift()!.item);
    this.arm();
  }
}
