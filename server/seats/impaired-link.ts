import type { Conditions } from '../../shared/protocol/control-messages';
import { DelayQueue } from './delay-queue';
import type { OutgoingSnapshot, PlayerLink } from './player-link';
import { TcpDelayModel } from './tcp-delay-model';

type Outgoing =
  | { kind: 'control'; event: string; payload: unknown }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'snapshot'; snapshot: OutgoingSnapshot };

/**
 * A player's link with the teacher's network conditions on it (issue #12): every message the
 * server sends waits in one queue, as on a TCP stream: latency ± jitter, a "lost" segment a
 * retransmission timeout more, and nothing overtakes what was sent before it. Nothing is ever
 * dropped, so no preset can disconnect a student; engine.io's own heartbeats do not pass
 * through here, which keeps the connection itself alive under any preset. The broadcast path
 * does not branch on conditions: it sends to this link as to any other.
 */
export class ImpairedLink implements PlayerLink {
  private readonly model: TcpDelayModel;
  private readonly queue: DelayQueue<Outgoing>;
  /** Client -> server: the other direction of the stream, with its own delays. */
  private readonly inModel: TcpDelayModel;
  private readonly inQueue: DelayQueue<{ bytes: Uint8Array; handle: (bytes: Uint8Array) => void }>;

  constructor(
    readonly inner: PlayerLink,
    conditions: Conditions,
    private readonly nowMs: () => number,
    random: () => number = Math.random,
  ) {
    this.model = new TcpDelayModel(conditions, random);
    this.queue = new DelayQueue((message) => this.deliver(message), nowMs);
    this.inModel = new TcpDelayModel(conditions, random);
    this.inQueue = new DelayQueue(({ bytes, handle }) => {
      if (this.inner.connected) handle(bytes);
    }, nowMs);
  }

  get id(): string {
    return this.inner.id;
  }

  get address(): string {
    return this.inner.address;
  }

  get connected(): boolean {
    return this.inner.connected;
  }

  get conditions(): Conditions {
    return this.model.conditions;
  }

  /** Messages still held back. */
  get held(): number {
    return this.queue.length;
  }

  sendControl(event: string, payload: unknown): void {
    this.hold({ kind: 'control', event, payload });
  }

  sendBinary(bytes: Uint8Array): void {
    this.hold({ kind: 'binary', bytes });
  }

  sendSnapshot(snapshot: OutgoingSnapshot): void {
    this.hold({ kind: 'snapshot', snapshot });
  }

  receive(bytes: Uint8Array, handle: (bytes: Uint8Array) => void): void {
    // The transport may reuse nothing, but a copy makes holding it safe whatever it does.
    this.inQueue.push({ bytes: Uint8Array.from(bytes), handle }, this.inModel.delayFor(this.nowMs()));
  }

  subscribe(channel: string): void {
    this.inner.subscribe(channel);
  }

  unsubscribe(channel: string): void {
    this.inner.unsubscribe(channel);
  }

  dropTransport(): void {
    this.queue.clear();
    this.inQueue.clear();
    this.inner.dropTransport();
  }

  disconnect(): void {
    this.queue.clear();
    this.inQueue.clear();
    this.inner.disconnect();
  }

  /** The conditions were lifted: what is still held goes now, in order, both ways. */
  release(): PlayerLink {
    this.queue.flush();
    this.inQueue.flush();
    return this.inner;
  }

  private hold(message: Outgoing): void {
    if (!this.inner.connected) return;
    this.queue.push(message, this.model.delayFor(this.nowMs()));
  }

  private deliver(message: Outgoing): void {
    if (!this.inner.connected) return;
    if (message.kind === 'snapshot') this.inner.sendSnapshot(message.snapshot);
    else if (message.kind === 'binary') this.inner.sendBinary(message.bytes);
    else this.inner.sendControl(message.event, message.payload);
  }
}
