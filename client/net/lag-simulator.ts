import type { MessageTransit, OutgoingKind } from './message-transit';

/** Highest simulated one-way delay the inspector offers, ms. */
export const MAX_SIMULATED_LATENCY_MS = 1000;

interface InFlight {
  dueMs: number;
  bytes: Uint8Array;
  handoff: (bytes: Uint8Array) => void;
}

export interface LagSimulatorOptions {
  nowMs?: () => number;
  /** Uniform [0, 1) source for loss; injectable so tests are exact. @default Math.random */
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Simulated network trouble in the client net layer, both ways (issue #4):
 * - latency: every outgoing input and ping, and every incoming binary message, waits
 *   `latencyMs` before it goes on; so RTT grows by twice that;
 * - loss: a fraction of outgoing inputs never leave (the server holds the last buttons), and a
 *   fraction of incoming snapshots are withheld from the interpolation buffer. Incoming
 *   snapshots are never dropped before the decoder: deltas chain, so skipping one would
 *   corrupt every later state.
 * Each direction is one FIFO queue: a message is never due before the one ahead of it, so
 * lowering the latency cannot reorder messages.
 */
export class LagSimulator implements MessageTransit {
  latencyMs = 0;
  /** 0..1. */
  lossFraction = 0;
  droppedInputs = 0;
  withheldSnapshots = 0;
  private readonly outQueue: InFlight[] = [];
  private readonly inQueue: InFlight[] = [];
  private outTimer: unknown = null;
  private inTimer: unknown = null;
  private readonly nowMs: () => number;
  private readonly random: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(options: LagSimulatorOptions = {}) {
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get active(): boolean {
    return this.latencyMs > 0 || this.lossFraction > 0;
  }

  outgoing(kind: OutgoingKind, bytes: Uint8Array, send: (bytes: Uint8Array) => void): void {
    if (kind === 'input' && this.lossFraction > 0 && this.random() < this.lossFraction) {
      this.droppedInputs++;
      return;
    }
    this.enqueue(this.outQueue, bytes, send, true);
  }

  incoming(bytes: Uint8Array, deliver: (bytes: Uint8Array) => void): void {
    this.enqueue(this.inQueue, bytes, deliver, false);
  }

  /** Asked once per snapshot after decoding: true = keep it out of the interpolation buffer. */
  withholdSnapshot(): boolean {
    if (this.lossFraction <= 0 || this.random() >= this.lossFraction) return false;
    this.withheldSnapshots++;
    return true;
  }

  reset(): void {
    this.outQueue.length = 0;
    this.inQueue.length = 0;
    if (this.outTimer !== null) this.clearTimer(this.outTimer);
    if (this.inTimer !== null) this.clearTimer(this.inTimer);
    this.outTimer = null;
    this.inTimer = null;
  }

  private enqueue(queue: InFlight[], bytes: Uint8Array, handoff: (bytes: Uint8Array) => void, out: boolean): void {
    if (this.latencyMs <= 0 && queue.length === 0) {
      handoff(bytes);
      return;
    }
    const now = this.nowMs();
    const last = queue.length > 0 ? queue[queue.length - 1].dueMs : 0;
    queue.push({ dueMs: Math.max(now + this.latencyMs, last), bytes, handoff });
    if ((out ? this.outTimer : this.inTimer) === null) this.schedule(queue, out);
  }

  private schedule(queue: InFlight[], out: boolean): void {
    const wait = Math.max(0, queue[0].dueMs - this.nowMs());
    const timer = this.setTimer(() => this.flush(queue, out), wait);
    if (out) this.outTimer = timer;
    else this.inTimer = timer;
  }

  private flush(queue: InFlight[], out: boolean): void {
    if (out) this.outTimer = null;
    else this.inTimer = null;
    const now = this.nowMs();
    let done = 0;
    while (done < queue.length && queue[done].dueMs <= now) done++;
    const ready = queue.splice(0, done);
    for (const m of ready) m.handoff(m.bytes);
    if (queue.length > 0 && (out ? this.outTimer : this.inTimer) === null) this.schedule(queue, out);
  }
}
