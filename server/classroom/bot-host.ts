import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';

/**
 * Server-side bots for teachers who want a fuller room: the same BotPlayer the load tester
 * uses, connecting to this node over loopback like any client, but run in a worker thread so
 * their decoding and path-finding never share the event loop with the tick.
 */
/** How many server-side bots may run, and for whom (issue 13 §7). */
export interface BotLimits {
  /** In all rooms of the node together (MAX_BOTS_PER_NODE). */
  perNode: number;
  /** In one room (MAX_BOTS_PER_ROOM). */
  perRoom: number;
  /**
   * In all rooms created from one address (MAX_BOTS_PER_ADDRESS): five classrooms from one
   * address could otherwise take the node's whole budget, and the next teacher got 409.
   */
  perOwner: number;
}

export class BotHost {
  private worker: Worker | null = null;
  private readonly counts = new Map<string, number>();
  /** Slots the bots sit in, per room, so rosters can mark them. */
  private readonly botSlots = new Map<string, Set<number>>();
  private total = 0;
  /** Who a room's bots count against (the address that created it); unknown: the room alone. */
  private ownerOf: (code: string) => string | undefined = () => undefined;

  constructor(
    private readonly nodeUrl: () => string,
    private readonly limits: BotLimits,
    private readonly log: Logger,
  ) {}

  /** Tells the host who created each room (the HTTP layer knows the creating address). */
  attributeRooms(ownerOf: (code: string) => string | undefined): void {
    this.ownerOf = ownerOf;
  }

  /** Bots that may still be added to `code` under every limit. */
  headroom(code: string): number {
    const { perNode, perRoom, perOwner } = this.limits;
    let room = perRoom - this.botsIn(code);
    const owner = this.ownerOf(code);
    if (owner !== undefined) {
      let owned = 0;
      for (const [other, count] of this.counts) if (this.ownerOf(other) === owner) owned += count;
      room = Math.min(room, perOwner - owned);
    }
    return Math.max(0, Math.min(room, perNode - this.total));
  }

  isBot(code: string, slot: number): boolean {
    return this.botSlots.get(code)?.has(slot) ?? false;
  }

  botsIn(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  /** Adds up to `count` bots to a room; returns how many were added (see BotLimits). */
  add(code: string, count: number): number {
    const allowed = Math.max(0, Math.min(count, this.headroom(code)));
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
    const left = this.botsIn(code) - removed;
    if (left === 0) this.counts.delete(code);
    else this.counts.set(code, left);
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
