import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { ControlEvent, type WelcomeMessage } from './control-messages';
import { BINARY_EVENT, wireParser } from './wire-parser';

/** Resolves with the first emission of `event` (socket.io emitters are not Node EventEmitters). */
function next<T>(emitter: { once(event: string, listener: (value: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

function rawBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) throw new Error('fragmented message');
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

describe('wire parser over a real socket.io connection', () => {
  let http: HttpServer;
  let server: Server;
  let url: string;
  const closers: (() => void)[] = [];

  beforeEach(async () => {
    http = createServer();
    server = new Server(http, { parser: wireParser, transports: ['websocket'] });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(): ClientSocket {
    const socket = connect(url, { parser: wireParser, transports: ['websocket'], forceNew: true, reconnection: false });
    closers.push(() => socket.disconnect());
    return socket;
  }

  /** A raw WebSocket speaking Engine.IO v4 by hand, connected to the "/" namespace. */
  async function rawClient(): Promise<{ ws: WebSocket; serverSocket: ServerSocket }> {
    const serverSocket = next<ServerSocket>(server, 'connection');
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    closers.push(() => ws.close());
    const open = await next<RawData>(ws, 'message'); // Engine.IO open packet: "0{...}"
    expect(open.toString().startsWith('0')).toBe(true);
    ws.send('40'); // Socket.IO CONNECT to "/"
    const connected = await next<RawData>(ws, 'message');
    expect(connected.toString().startsWith('40')).toBe(true);
    return { ws, serverSocket: await serverSocket };
  }

  it('carries binary both ways and control JSON to the client', async () => {
    const serverSocket = next<ServerSocket>(server, 'connection');
    const socket = client();
    const peer = await serverSocket;

    const received = next<unknown>(peer, BINARY_EVENT);
    socket.emit(BINARY_EVENT, new Uint8Array([3, 1, 0, 0, 0, 5]));
    const bytes = await received;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes as Uint8Array)).toEqual([3, 1, 0, 0, 0, 5]);

    const welcome: WelcomeMessage = {
      v: 1, playerId: 2, resumeToken: 'r', room: 'ABCD', nodeId: 'n1', tickRateHz: 30, snapshotRateHz: 15,
      seed: 7, maxPlayers: 40, houseCount: 30, players: [{ id: 2, name: 'Jun' }], snapshotCodec: 'binary',
      ownerNodeId: 'n1',
    };
    const gotWelcome = next<WelcomeMessage>(socket, ControlEvent.Welcome);
    const gotBinary = next<Uint8Array>(socket, BINARY_EVENT);
    peer.emit(ControlEvent.Welcome, welcome);
    peer.emit(BINARY_EVENT, new Uint8Array([2, 200, 100]));
    expect(await gotWelcome).toEqual(welcome);
    expect(Array.from(await gotBinary)).toEqual([2, 200, 100]);
  });

  it('sends one binary message as a single WebSocket frame of exactly its bytes', async () => {
    const { ws, serverSocket } = await rawClient();
    const payload = new Uint8Array([1, 0x9d, 0x50, 0x54, 0x6b]);
    const frame = new Promise<{ data: RawData; isBinary: boolean }>((resolve) =>
      ws.once('message', (data, isBinary) => resolve({ data, isBinary })),
    );
    serverSocket.emit(BINARY_EVENT, payload);
    const { data, isBinary } = await frame;
    expect(isBinary).toBe(true);
    expect(Array.from(rawBytes(data))).toEqual(Array.from(payload));

    // A room broadcast goes through the adapter's encode-once path: still one exact frame.
    await serverSocket.join('room');
    const broadcastFrame = next<RawData>(ws, 'message');
    server.to('room').emit(BINARY_EVENT, payload);
    expect(Array.from(rawBytes(await broadcastFrame))).toEqual(Array.from(payload));

    // And the other way: one raw binary frame arrives as the 'b' event with the same bytes.
    const received = next<Uint8Array>(serverSocket, BINARY_EVENT);
    ws.send(new Uint8Array([3, 7, 0, 0, 0, 1]));
    expect(Array.from(await received)).toEqual([3, 7, 0, 0, 0, 1]);
  });

  it('closes a client that sends a default-parser binary packet', async () => {
    const { ws, serverSocket } = await rawClient();
    const disconnected = next<string>(serverSocket, 'disconnect');
    const closed = next<number>(ws, 'close');
    ws.send('451-["b",{"_placeholder":true,"num":0}]');
    expect(typeof (await disconnected)).toBe('string'); // socket.io reports 'forced close'
    await closed;
  });
});
