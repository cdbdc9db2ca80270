import net from 'node:net';

/** Hard limits, so a typo cannot leave a proxy holding the machine (issue 11 §3). */
export const MAX_CONNECTIONS = 1024;
export const MAX_LIFETIME_S = 3600;
export const MAX_DELAY_MS = 5000;

export interface DelayProxyOptions {
  /** Where the proxied server listens (a loopback address). */
  targetHost: string;
  targetPort: number;
  /** Loopback address and port to listen on (0: a free port). @default '127.0.0.1', 0 */
  listenHost?: string;
  listenPort?: number;
  /** Added to every chunk, each direction, ms. */
  delayMs: number;
  /** Each chunk's delay is drawn uniformly from delayMs +- jitterMs (never below 0). @default 0 */
  jitterMs?: number;
  /** Connections open at once; more are refused (closed at once). @default 64 */
  maxConnections?: number;
  /** The proxy closes itself after this long. @default 600 */
  maxLifetimeS?: number;
  /** Bytes held back per direction before the sender is paused. @default 4 MiB */
  maxQueuedBytes?: number;
  /** Seed of the jitter, so a run can be repeated. @default 1 */
  seed?: number;
}

export interface DelayProxyStats {
  connections: number;
  refused: number;
  open: number;
  bytesUp: number;
  bytesDown: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** mulberry32: a small seeded generator for the jitter. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One direction of one connection: every chunk read from `from` is written to `to` after its
 * own delay, but never before the chunk ahead of it (a TCP stream keeps its byte order, so a
 * short delay drawn after a long one waits for it: the delays are a FIFO's).
 *
 *   read:     a(t=0, +70)  b(t=5, +30)  c(t=9, +55)
 *   written:  a at 70      b at 70      c at 70
 */
class DelayedPipe {
  private readonly queue: { dueMs: number; bytes: Buffer }[] = [];
  private queuedBytes = 0;
  private lastDueMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ended = false;
  private waitingForDrain = false;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly delayFor: () => number,
    private readonly maxQueuedBytes: number,
    private readonly onBytes: (n: number) => void,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => {
      this.ended = true;
      this.flush();
    });
    to.on('drain', () => {
      this.waitingForDrain = false;
      this.flush();
    });
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private push(chunk: Buffer): void {
    const now = performance.now();
    const due = Math.max(now + this.delayFor(), this.lastDueMs);
    this.lastDueMs = due;
    this.queue.push({ dueMs: due, bytes: chunk });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > this.maxQueuedBytes) this.from.pause();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.waitingForDrain || this.queue.length === 0) return;
    const wait = this.queue[0].dueMs - performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait > 0 ? wait : 0);
  }

  private flush(): void {
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0].dueMs <= now && !this.waitingForDrain) {
      const { bytes } = this.queue.shift()!;
      this.queuedBytes -= bytes.length;
      this.onBytes(bytes.length);
      if (this.to.destroyed) return;
      if (!this.to.write(bytes)) this.waitingForDrain = true;
    }
    if (this.queuedBytes <= this.maxQueuedBytes / 2 && this.from.isPaused()) this.from.resume();
    if (this.queue.length === 0 && this.ended) {
      this.to.end();
      return;
    }
    this.schedule();
  }
}

/**
 * A userspace TCP proxy on loopback that delays each direction by delayMs +- jitterMs per
 * chunk, keeping byte order: to measure the netcode under a known latency and jitter (e.g.
 * 50 +- 20 ms each way) without root or netem. Bounded: loopback addresses only, at most
 * maxConnections at once, and it closes itself after maxLifetimeS.
 */
export class DelayProxy {
  readonly stats: DelayProxyStats = { connections: 0, refused: 0, open: 0, bytesUp: 0, bytesDown: 0 };
  private readonly server: net.Server;
  /** How to end each open connection (both sockets, both pipes). */
  private readonly connections = new Set<() => void>();
  private readonly random: () => number;
  private lifetimeTimer: ReturnType<typeof setTimeout> | null = null;
  private closing: Promise<void> | null = null;
  private readonly options: Required<DelayProxyOptions>;
  private markClosed: () => void = () => {};
  /** Resolves once the proxy has closed (close() or its lifetime ran out). */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(options: DelayProxyOptions) {
    this.options = {
      listenHost: '127.0.0.1',
      listenPort: 0,
      jitterMs: 0,
      maxConnections: 64,
      maxLifetimeS: 600,
      maxQueuedBytes: 4 * 1024 * 1024,
      seed: 1,
      ...options,
    };
    const o = this.options;
    if (!isLoopback(o.listenHost) || !isLoopback(o.targetHost)) throw new RangeError('the delay proxy only listens on and forwards to loopback addresses');
    if (!(o.delayMs >= 0 && o.delayMs <= MAX_DELAY_MS)) throw new RangeError(`delay must be 0..${MAX_DELAY_MS} ms`);
    if (!(o.jitterMs >= 0 && o.jitterMs <= o.delayMs)) throw new RangeError('jitter must be 0..delay ms');
    if (!(Number.isInteger(o.maxConnections) && o.maxConnections >= 1 && o.maxConnections <= MAX_CONNECTIONS)) throw new RangeError(`connections must be 1..${MAX_CONNECTIONS}`);
    if (!(o.maxLifetimeS > 0 && o.maxLifetimeS <= MAX_LIFETIME_S)) throw new RangeError(`lifetime must be in (0, ${MAX_LIFETIME_S}] s`);
    if (!Number.isInteger(o.targetPort) || o.targetPort < 1 || o.targetPort > 65535) throw new RangeError('target port must be 1..65535');
    this.random = seeded(o.seed);
    // Half-open: each direction ends on its own once its delayed bytes are written.
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.onClient(client));
  }

  /** Starts listening; resolves with the port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.listenPort, this.options.listenHost, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.lifetimeTimer = setTimeout(() => void this.close(), this.options.maxLifetimeS * 1000);
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops listening and closes every proxied connection. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.lifetimeTimer !== null) clearTimeout(this.lifetimeTimer);
      for (const finish of [...this.connections]) finish();
      this.server.close(() => {
        this.markClosed();
        resolve();
      });
    });
    return this.closing;
  }

  /** One chunk's delay: uniform in delay +- jitter. */
  private delay(): number {
    const { delayMs, jitterMs } = this.options;
    return Math.max(0, delayMs + (this.random() * 2 - 1) * jitterMs);
  }

  private onClient(client: net.Socket): void {
    if (this.closing !== null || this.stats.open >= this.options.maxConnections) {
      this.stats.refused++;
      client.destroy();
      return;
    }
    this.stats.connections++;
    this.stats.open++;
    const target = net.connect({ port: this.options.targetPort, host: this.options.targetHost, allowHalfOpen: true });
    // Small writes (a 10-byte input) go at once, as the game's own sockets send them.
    client.setNoDelay(true);
    target.setNoDelay(true);
    const delay = () => this.delay();
    const { maxQueuedBytes } = this.options;
    const up = new DelayedPipe(client, target, delay, maxQueuedBytes, (n) => (this.stats.bytesUp += n));
    const down = new DelayedPipe(target, client, delay, maxQueuedBytes, (n) => (this.stats.bytesDown += n));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.stats.open--;
      up.close();
      down.close();
      client.destroy();
      target.destroy();
      this.connections.delete(finish);
    };
    this.connections.add(finish);
    let closed = 0;
    const onClose = () => {
      if (++closed === 2) finish();
      // One side is gone: the other gets its delayed bytes out, then goes too.
      else setTimeout(finish, this.options.delayMs + this.options.jitterMs + 1000).unref();
    };
    client.on('error', finish);
    target.on('error', finish);
    client.on('close', onClose);
    target.on('close', onClose);
  }
}
