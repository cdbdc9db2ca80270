import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../server/test-support/test-cleanups';
import { DelayProxy, type DelayProxyOptions } from './delay-proxy';

const onCleanup = cleanupAfterEach();

/** A loopback echo server on a free port. */
async function echoServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  onCleanup(() => {
    for (const socket of sockets) socket.destroy();
  });
  return (server.address() as net.AddressInfo).port;
}

async function proxyTo(targetPort: number, options: Partial<DelayProxyOptions>): Promise<{ proxy: DelayProxy; port: number }> {
  const proxy = new DelayProxy({ targetHost: '127.0.0.1', targetPort, delayMs: 0, ...options });
  const port = await proxy.start();
  onCleanup(() => proxy.close());
  return { proxy, port };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    onCleanup(() => socket.destroy());
  });
}

/** Resolves with everything received until `bytes` bytes have come. */
function receive(socket: net.Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) resolve(Buffer.concat(chunks));
    });
  });
}

describe('DelayProxy', () => {
  it('delays each direction: a round trip through 40 ms each way takes at least 80 ms', async () => {
    const { port } = await proxyTo(await echoServer(), { delayMs: 40 });
    const socket = await connect(port);
    const started = performance.now();
    const echoed = receive(socket, 5);
    socket.write('hello');
    expect((await echoed).toString()).toBe('hello');
    const rttMs = performance.now() - started;
    expect(rttMs).toBeGreaterThanOrEqual(79);
    expect(rttMs).toBeLessThan(400);
  });

  it('keeps the byte order under jitter', async () => {
    const { proxy, port } = await proxyTo(await echoServer(), { delayMs: 30, jitterMs: 25, seed: 7 });
    const socket = await connect(port);
    socket.setNoDelay(true);
    const count = 300;
    const echoed = receive(socket, count * 2);
    for (let i = 0; i < count; i++) {
      socket.write(Buffer.from([i >> 8, i & 0xff]));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const bytes = await echoed;
    const order = Array.from({ length: count }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
    expect(order).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(proxy.stats.bytesUp).toBe(count * 2);
    expect(proxy.stats.bytesDown).toBe(count * 2);
  });

  it('refuses connections over its limit and closes itself at the end of its lifetime', async () => {
    const { proxy, port } = await proxyTo(await echoServer(), { maxConnections: 2, maxLifetimeS: 1.5 });
    await connect(port);
    await connect(port);
    const third = await connect(port);
    await new Promise<void>((resolve) => third.once('close', () => resolve()));
    expect(proxy.stats.refused).toBe(1);
    expect(proxy.stats.open).toBe(2);
    await proxy.closed;
    expect(proxy.stats.open).toBe(0);
  });

  it('only listens on and forwards to loopback, with bounded settings', () => {
    expect(() => new DelayProxy({ targetHost: '10.0.0.1', targetPort: 80, delayMs: 10 })).toThrow(/loopback/);
    expect(() => new DelayProxy({ targetHost: '127.0.0.1', targetPort: 80, listenHost: '0.0.0.0', delayMs: 10 })).toThrow(/loopback/);
    expect(() => new DelayProxy({ targetHost: '127.0.0.1', targetPort: 80, delayMs: 10, jitterMs: 20 })).toThrow(/jitter/);
    expect(() => new DelayProxy({ targetHost: '127.0.0.1', targetPort: 80, delayMs: 10, maxLifetimeS: 99_999 })).toThrow(/lifetime/);
    expect(() => new DelayProxy({ targetHost: '127.0.0.1', targetPort: 80, delayMs: 10, maxConnections: 0 })).toThrow(/connections/);
  });
});
