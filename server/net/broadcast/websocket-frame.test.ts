import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { websocketBinaryFrame, websocketTextFrame } from './websocket-frame';

/** A real ws server writes our frame straight onto the TCP socket; a real ws client reads it. */
let server: WebSocketServer;
let url = '';
const frames = new Map<string, Buffer>();

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (_ws, request) => {
    const frame = frames.get(request.url ?? '');
    if (frame !== undefined) request.socket.write(frame);
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function receive(path: string): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(url + path);
    client.once('message', (data: Buffer, isBinary: boolean) => {
      resolve({ data, isBinary });
      client.close();
    });
    client.once('error', reject);
  });
}

describe('websocketBinaryFrame', () => {
  it.each([0, 1, 125, 126, 1000, 65535, 65536, 70000])('frames %i bytes so that a WebSocket client reads them back', async (n) => {
    const payload = Buffer.alloc(n, 7);
    if (n > 0) payload[n - 1] = 9;
    const { frame, payload: inside } = websocketBinaryFrame(payload);
    expect(frame.length).toBe(n + (n < 126 ? 2 : n < 65536 ? 4 : 10));
    expect(Buffer.compare(inside, payload)).toBe(0);
    expect(inside.buffer).toBe(frame.buffer);
    frames.set(`/${n}`, frame);
    const { data, isBinary } = await receive(`/${n}`);
    expect(isBinary).toBe(true);
    expect(Buffer.compare(data, payload)).toBe(0);
  });
});

describe('websocketTextFrame', () => {
  it.each([0, 3, 200, 70000])('frames %i characters of UTF-8 text that a WebSocket client reads back', async (n) => {
    const text = '가'.repeat(Math.ceil(n / 3)).slice(0, n) + 'x';
    frames.set(`/text${n}`, websocketTextFrame(text));
    const { data, isBinary } = await receive(`/text${n}`);
    expect(isBinary).toBe(false);
    expect(data.toString('utf8')).toBe(text);
  });
});
