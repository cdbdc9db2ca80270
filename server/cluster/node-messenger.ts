import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import type { Conditions } from '../../shared/protocol/control-messages';
import type { RedisCommands } from './redis-connection';
import { RedisKeys } from './redis-keys';

/** Node-to-node control messages (JSON) and their replies. */
export type ClusterRequest =
  | { kind: 'join'; code: string; name: string; device?: string | undefined; viaNode: string; viaIncarnation: string }
  | { kind: 'resume'; token: string; viaNode: string; viaIncarnation: string }
  /**
   * A teacher action (or, with action null, the teacher's view) for a room this node owns. The
   * action crossed a process boundary, so the classroom validates it again (it is `unknown`).
   */
  | { kind: 'teacher'; code: string; action: unknown };
export type ClusterNotice =
  /** A seat's session id (a hash), never its resume token: Redis carries this. */
  | { kind: 'leave'; code: string; slot: number; session: string }
  | { kind: 'drop'; code: string; slot: number; session: string }
  | { kind: 'resync'; code: string }
  /** via node -> owner: the RTT it measured to one of its players in the owner's room. */
  | { kind: 'rtt'; code: string; slot: number; rttMs: number }
  /** owner -> via node: impair (or clear) one of its players' connections. */
  | { kind: 'conditions'; code: string; slot: number; conditions: Conditions }
  /** draining owner -> a live node: its lease is released, take the room over now (node-drain.ts). */
  | { kind: 'adopt'; code: string };

interface Envelope {
  t: 'req' | 'res' | 'msg';
  from: string;
  id?: string;
  body: unknown;
}

/** First byte of a binary message: a batch of relayed inputs. JSON starts with '{' (0x7b). */
const INPUT_BATCH = 0x01;
/** code (5 ASCII) + slot + seq (u32 LE) + tick (u32 LE, the stamp) + control (u24 LE: buttons, steer; protocol 3) */
const INPUT_RECORD_BYTES = 17;
const MAX_BATCH_RECORDS = 4096;

export interface MessengerHandlers {
  onRequest(from: string, request: ClusterRequest): Promise<unknown>;
  onNotice(from: string, notice: ClusterNotice): void;
  onInput(code: string, slot: number, seq: number, tick: number, control: number): void;
}

/**
 * Messages addressed to one node, over Redis sharded pub/sub (channel rt:node:{id}). Each
 * request has an id, a timeout and cleanup; replies go back to the asker's own channel, so a
 * node never hears its own echoes. Inputs are batched per destination and flushed once per
 * event-loop turn: under load many inputs share one publish, and none waits for a timer.
 */
export class NodeMessenger {
  relayedInputs = 0;
  publishes = 0;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly inputBatches = new Map<string, Buffer[]>();
  private flushScheduled = false;
  private handlers: MessengerHandlers | null = null;

  constructor(
    private readonly publisher: RedisCommands,
    private readonly subscriber: RedisCommands,
    readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  async start(handlers: MessengerHandlers): Promise<void> {
    this.handlers = handlers;
    await this.subscriber.sSubscribe(RedisKeys.nodeChannel(this.nodeId), (message) => this.onRaw(message), true);
  }

  request<T>(to: string, body: ClusterRequest, timeoutMs = 2000): Promise<T> {
    const id = randomBytes(8).toString('hex');
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Node ${to} did not answer ${body.kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.publish(to, JSON.stringify({ t: 'req', from: this.nodeId, id, body } satisfies Envelope)).catch((error: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  notify(to: string, body: ClusterNotice): void {
    this.publish(to, JSON.stringify({ t: 'msg', from: this.nodeId, body } satisfies Envelope)).catch((error: unknown) => {
      this.log.debug({ to, kind: body.kind, err: String(error) }, 'cluster notice not delivered');
    });
  }

  /** Queues one input for the room's owner; sent with the others of this turn in one publish. */
  relayInput(to: string, code: string, slot: number, seq: number, tick: number, control: number): void {
    const record = Buffer.allocUnsafe(INPUT_RECORD_BYTES);
    record.write(code, 0, 5, 'latin1');
    record[5] = slot;
    record.writeUInt32LE(seq >>> 0, 6);
    record.writeUInt32LE(tick >>> 0, 10);
    record.writeUIntLE(control, 14, 3);
    let batch = this.inputBatches.get(to);
    if (batch === undefined) {
      batch = [];
      this.inputBatches.set(to, batch);
    }
    batch.push(record);
    this.relayedInputs++;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushInputs());
    }
  }

  async close(): Promise<void> {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error('messenger closed'));
    }
    this.pending.clear();
    await this.subscriber.sUnsubscribe().catch(() => undefined);
  }

  private flushInputs(): void {
    this.flushScheduled = false;
    for (const [to, records] of this.inputBatches) {
      for (let start = 0; start < records.length; start += MAX_BATCH_RECORDS) {
        const chunk = records.slice(start, start + MAX_BATCH_RECORDS);
        const header = Buffer.from([INPUT_BATCH, chunk.length & 0xff, chunk.length >> 8]);
        this.publish(to, Buffer.concat([header, ...chunk])).catch(() => {
          // Redis is away: these inputs are lost, as they would be on a lossy link; the client
          // reconciles from the next snapshot that shows what was applied.
        });
      }
    }
    this.inputBatches.clear();
  }

  private publish(to: string, payload: string | Buffer): Promise<number> {
    this.publishes++;
    return this.publisher.sPublish(RedisKeys.nodeChannel(to), payload);
  }

  private onRaw(message: Buffer): void {
    const handlers = this.handlers;
    if (handlers === null || message.length === 0) return;
    if (message[0] === INPUT_BATCH) {
      this.onInputBatch(message, handlers);
      return;
    }
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message.toString('utf8')) as Envelope;
    } catch {
      this.log.warn('unreadable cluster message dropped');
      return;
    }
    if (envelope.from === this.nodeId) return;
    if (envelope.t === 'res' && typeof envelope.id === 'string') {
      const waiting = this.pending.get(envelope.id);
      if (waiting === undefined) return; // timed out already
      this.pending.delete(envelope.id);
      clearTimeout(waiting.timer);
      waiting.resolve(envelope.body);
    } else if (envelope.t === 'req' && typeof envelope.id === 'string') {
      const id = envelope.id;
      const from = envelope.from;
      handlers
        .onRequest(from, envelope.body as ClusterRequest)
        .then((reply) => this.publish(from, JSON.stringify({ t: 'res', from: this.nodeId, id, body: reply } satisfies Envelope)))
        .catch((error: unknown) => this.log.warn({ from, err: String(error) }, 'cluster request failed'));
    } else if (envelope.t === 'msg') {
      handlers.onNotice(envelope.from, envelope.body as ClusterNotice);
    }
  }

  private onInputBatch(message: Buffer, handlers: MessengerHandlers): void {
    if (message.length < 3) return;
    const count = message[1] | (message[2] << 8);
    if (message.length !== 3 + count * INPUT_RECORD_BYTES) return;
    for (let i = 0; i < count; i++) {
      const at = 3 + i * INPUT_RECORD_BYTES;
      handlers.onInput(message.toString('latin1', at, at + 5), message[at + 5], message.readUInt32LE(at + 6), message.readUInt32LE(at + 10), message.readUIntLE(at + 14, 3));
    }
  }
}
