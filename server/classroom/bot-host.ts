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

/** A bot seat to carry on after a room moved here: its resume token and the name it plays under. */
export interface BotSeat {
  token: string;
  name: string;
}

/**
 * The worker says a bot took (or gave up) a slot; the room records it (Room.serverBots), so the
 * roster marks it and the room's snapshot carries it to whichever node takes the room next.
 */
export type BotSeatListener = (code: string, slot: number, seated: boolean) => void;

export class BotHost {
  private worker: Worker | null = null;
  private readonly counts = new Map<string, number>();
  private total = 0;
  private readonly waiting: { type: 'resume'; code: string; seats: readonly BotSeat[]; firstNumber: number }[] = [];
  /** Who a room's bots count against (the address that created it); unknown: the room alone. */
  private ownerOf: (code: string) => string | undefined = () => undefined;

  constructor(
    private readonly nodeUrl: () => string,
    private readonly limits: BotLimits,
    private readonly log: Logger,
    private readonly onSeat: BotSeatListener = () => undefined,
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

  /**
   * A room restored here (a takeover, a drain's hand-over, a restart) had bots of the node that
   * ran it before: this node runs them on, each resuming its own seat, score and all. Past the
   * limits the rest are not resumed (their seats expire like any dropped player's). Returns how
   * many were resumed.
   */
  resume(code: string, seats: readonly BotSeat[]): number {
    const resumed = seats.slice(0, this.headroom(code));
    if (resumed.length === 0) return 0;
    const command = { type: 'resume', code, seats: resumed, firstNumber: this.botsIn(code) + 1 } as const;
    // Rooms saved at the last shutdown are restored before the node listens: their bots wait.
    if (this.nodeUrl() === '') this.waiting.push(command);
    else this.ensureWorker().postMessage({ ...command, url: this.nodeUrl() });
    this.counts.set(code, this.botsIn(code) + resumed.length);
    this.total += resumed.length;
    return resumed.length;
  }

  /** The node listens now: bots of rooms restored before that connect. */
  listening(): void {
    const url = this.nodeUrl();
    for (const command of this.waiting.splice(0)) this.ensureWorker().postMessage({ ...command, url });
  }

  /** The room is no longer this node's (another node holds it): its bots stop here, seats kept. */
  forget(code: string): void {
    const count = this.botsIn(code);
    if (count === 0) return;
    this.worker?.postMessage({ type: 'forget', code });
    this.counts.delete(code);
    this.total -= count;
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
    const worker = this.startWorker();
    worker.on('message', (message: { type: 'joined' | 'left'; code: string; playerId: number }) => {
      this.onSeat(message.code, message.playerId, message.type === 'joined');
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

  /**
   * The worker, with the node's flags it accepts; should Node refuse one the filter let through
   * (a flag of a newer Node), with none: the entry loads what it needs itself, and bots must
   * not answer 500 over a flag.
   */
  private startWorker(): Worker {
    const execArgv = workerExecArgv(process.execArgv);
    try {
      return new Worker(botWorkerEntry(), { execArgv });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
      this.log.warn({ err: error, execArgv }, 'the bot worker refused these node flags; starting it without them');
      return new Worker(botWorkerEntry(), { execArgv: [] });
    }
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

/** Node options a worker accepts that take their value as the next argument. */
const WORKER_VALUE_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);
/** Node options a worker accepts without a value (the rest of the node's, V8's heap and GC flags among them, it refuses). */
const WORKER_PLAIN_FLAGS = /^--(enable-source-maps|no-warnings|no-deprecation|trace-warnings|trace-uncaught|experimental-vm-modules|experimental-strip-types|no-experimental-strip-types)$/;

/**
 * The node's flags that a worker takes, minus preloads of TypeScript files.
 *
 * - Only loaders, conditions, source maps and warning switches pass. A worker refuses V8 and
 *   per-process options with ERR_WORKER_INVALID_EXEC_ARGV, and `npm start` runs the node with
 *   `--max-semi-space-size=2` (server/process/compiled-node-args.ts): passed on, every bot
 *   failed to start there. The heap flags are the process's anyway.
 * - TypeScript preloads are dropped (`npm run cluster` starts nodes with
 *   `--import …/exit-with-parent.ts`): a worker inherits the flags but not the loader that made
 *   them loadable, so such a preload fails there; the worker entry registers tsx for itself
 *   (bot-worker-entry.mjs).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  const typescript = /\.[cm]?ts$/;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    if (WORKER_VALUE_FLAGS.has(flag)) {
      const value = equals < 0 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined || typescript.test(value)) continue;
      if (equals < 0) kept.push(flag, value);
      else kept.push(arg);
    } else if (WORKER_PLAIN_FLAGS.test(arg)) {
      kept.push(arg);
    }
  }
  return kept;
}
