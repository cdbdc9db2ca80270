import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';

/**
 * Server-side bots for teachers who want a fuller room: the same BotPlayer the load tester
 * uses, connecting to this node over loopback like any client, but run in a worker thread so
 * their decoding and path-finding never share the event loop with the tick.
 */
export class BotHost {
  private worker: Worker | null = null;
  private readonly counts = new Map<string, number>();
  /** Slots the bots sit in, per room, so rosters can mark them. */
  private readonly botSlots = new Map<string, Set<number>>();
  private total = 0;

  constructor(
    private readonly nodeUrl: () => string,
    private readonly maxBots: number,
    private readonly log: Logger,
  ) {}

  isBot(code: string, slot: number): boolean {
    return this.botSlots.get(code)?.has(slot) ?? false;
  }

  botsIn(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  /** Adds up to `count` bots to a room; returns how many were added (the node has a cap). */
  add(code: string, count: number): number {
    const allowed = Math.max(0, Math.min(count, this.maxBots - this.total));
    if (allowed === 0) return 0;
    this.ensureWorker().postMessage({ type: 'add', url: this.nodeUrl(), code, count: allowed, firstNumber: this.botsIn(code) + 1 });
    this.counts.set(code, this.botsIn(code) + allowed);
    this.total += allowed;
    return allowed;
  }

  remove(code: string, count: number): number {
    const removed = Math.min(count, this.botsIn(code));
    if (removed === 0 || this.worker === null) return 0;
    this.worker.postMessage({ type: 'remove', code, count: removed });
    this.counts.set(code, this.botsIn(code) - removed);
    this.total -= removed;
    return removed;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(botWorkerEntry());
    worker.on('message', (message: { type: 'joined' | 'left'; code: string; playerId: number }) => {
      let slots = this.botSlots.get(message.code);
      if (slots === undefined) {
        slots = new Set();
        this.botSlots.set(message.code, slots);
      }
      if (message.type === 'joined') slots.add(message.playerId);
      else slots.delete(message.playerId);
    });
    worker.on('error', (error) => {
      this.log.error({ err: error }, 'bot worker failed');
      this.worker = null;
      this.counts.clear();
      this.total = 0;
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/**
 * The worker's entry next to this module: the bundle's bot-worker.js when the node runs compiled
 * (npm start: server/dist), else the TypeScript source through tsx (tests, npm run serve).
 */
function botWorkerEntry(): URL {
  const compiled = !import.meta.url.endsWith('.ts');
  return new URL(compiled ? './bot-worker.js' : './bot-worker-entry.mjs', import.meta.url);
}
