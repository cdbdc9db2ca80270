import WebSocket from 'ws';

/**
 * A bare engine.io v4 WebSocket client, speaking the framing by hand so a fuzzer can send what
 * socket.io-client would refuse to: malformed socket.io text packets, BINARY_EVENT headers with
 * placeholders, frames beyond maxHttpBufferSize. It answers the server's pings ("2" -> "3") so
 * a connection only ends when the server decides it should.
 *
 *   engine.io text frame:  <type digit><payload>   (0 open, 2 ping, 3 pong, 4 message)
 *   socket.io packet:      4<type digit>[nsp,][id][json]   e.g. 42["join",{...}]
 *   binary frame:          the bytes themselves (engine.io v4 over WebSocket, no prefix)
 */
export class RawEngineClient {
  readonly ws: WebSocket;
  /** Text frames received (socket.io packets without the leading engine.io "4"). */
  readonly received: string[] = [];
  binaryReceived = 0;
  closed = false;
  closeCode = 0;
  private readonly opened: Promise<void>;
  private readonly waiters = new Set<(packet: string | null) => void>();

  constructor(baseUrl: string, options: { maxReceived?: number } = {}) {
    const url = new URL('/socket.io/?EIO=4&transport=websocket', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    const maxReceived = options.maxReceived ?? 1000;
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('error', reject);
      this.ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          this.binaryReceived++;
          return;
        }
        const text = data.toString();
        if (text.startsWith('0')) resolve();
        else if (text === '2') this.ws.send('3');
        else if (text.startsWith('4')) {
          const packet = text.slice(1);
          if (this.received.length < maxReceived) this.received.push(packet);
          for (const waiter of [...this.waiters]) waiter(packet);
        }
      });
    });
    this.ws.on('error', () => undefined);
    this.ws.on('close', (code: number) => {
      this.closed = true;
      this.closeCode = code;
      for (const waiter of [...this.waiters]) waiter(null);
    });
  }

  /** Waits for the engine.io open packet, then connects to "/" with the given auth. */
  async connect(auth: unknown, timeoutMs = 5000): Promise<boolean> {
    await withTimeout(this.opened, timeoutMs, 'engine.io open');
    const answer = this.nextPacket((p) => p.startsWith('0') || p.startsWith('4'), timeoutMs);
    this.ws.send(`40${JSON.stringify(auth)}`);
    return (await answer)?.startsWith('0') ?? false;
  }

  /** The next socket.io packet matching `test` (null on close or timeout). */
  nextPacket(test: (packet: string) => boolean, timeoutMs = 5000): Promise<string | null> {
    return new Promise((resolve) => {
      const done = (packet: string | null) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(packet);
      };
      const waiter = (packet: string | null) => {
        if (packet === null || test(packet)) done(packet);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      this.waiters.add(waiter);
      if (this.closed) done(null);
    });
  }

  /** A socket.io packet as text (without the engine.io "4" message prefix: it is added here). */
  sendPacket(packet: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(`4${packet}`);
  }

  /** An engine.io frame as given, text or binary. */
  sendFrame(frame: string | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Resolves once every queued frame has left this process (so a flood cannot outrun memory). */
  async drain(maxBufferedBytes = 256 * 1024): Promise<void> {
    while (this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount > maxBufferedBytes) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): Promise<void> {
    if (this.closed || this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.terminate();
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
