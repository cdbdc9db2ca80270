import { handshakeAuth } from '../../shared/protocol/wire-parser-kind';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { ControlEvent, type ErrorMessage } from '../../shared/protocol/control-messages';
import { wireParser } from '../../shared/protocol/wire-parser';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { nextEvent, waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();

async function node(overrides: Parameters<typeof startTestNode>[0]): Promise<GameNode> {
  const started = await startTestNode(overrides);
  onCleanup(() => started.stop());
  return started;
}

function socketTo(target: GameNode): Socket {
  const socket = io(target.url, { transports: ['websocket'], parser: wireParser, auth: handshakeAuth('custom'), forceNew: true, reconnection: false });
  onCleanup(() => socket.disconnect());
  return socket;
}

function connected(socket: Socket): Promise<'connected' | string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error: Error) => resolve(error.message));
  });
}

describe('admission (issue #13)', () => {
  it('one address holds at most MAX_CONNECTIONS_PER_ADDRESS connections; a closed one frees its place', async () => {
    const target = await node({ maxConnectionsPerAddress: 3 });
    const first = [socketTo(target), socketTo(target), socketTo(target)];
    expect(await Promise.all(first.map(connected))).toEqual(['connected', 'connected', 'connected']);
    const refused = socketTo(target);
    expect(await connected(refused)).toMatch(/websocket error|too many/i);
    expect(target.stats.connectionsRefused).toBe(1);
    first[0].disconnect();
    await waitFor('the place freed', async () => {
      const again = socketTo(target);
      const outcome = await connected(again);
      again.disconnect();
      return outcome === 'connected';
    });
  });

  it('a connection that never joins a room is told and closed after UNJOINED_TIMEOUT_MS', async () => {
    const target = await node({ unjoinedTimeoutMs: 1000 });
    const idle = socketTo(target);
    const told = nextEvent<[ErrorMessage]>(idle, ControlEvent.Error, 5000);
    const closed = nextEvent<[string]>(idle, 'disconnect', 5000);
    expect(await connected(idle)).toBe('connected');
    const [error] = await told;
    expect(error.message).toMatch(/No room joined within 1 s/);
    expect((await closed)[0]).toBe('io server disconnect');
    expect(target.stats.idleConnectionsClosed).toBe(1);
  });
});

describe('a client that does not speak our wire format (issue #13)', () => {
  it('a stock socket.io client is refused at the handshake with a clear error, and takes no seat however often it retries', async () => {
    const target = await node({});
    const code = (await (await fetch(`${target.url}/api/rooms`, { method: 'POST' })).json()) as { code: string };
    // Stock client, default parser, claiming our protocol version; it joins whenever it connects.
    const stock = io(target.url, { transports: ['websocket'], auth: { v: PROTOCOL_VERSION }, forceNew: true });
    onCleanup(() => stock.disconnect());
    const errors: { message: string; code?: string }[] = [];
    stock.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      errors.push({ message: error.message, code: error.data?.code });
      // socket.io does not retry a refusal by middleware on its own; a stubborn client might.
      if (errors.length < 5) setTimeout(() => stock.connect(), 20);
    });
    stock.on('connect', () => stock.emit(ControlEvent.Join, { v: PROTOCOL_VERSION, code: code.code, name: 'Stock' }));
    await waitFor('five refused attempts', () => errors.length >= 5, 10_000);
    expect(errors[0].code).toBe('WIRE_FORMAT_MISMATCH');
    expect(errors[0].message).toMatch(/stock socket\.io client cannot read/);
    expect(stock.connected).toBe(false);
    expect(target.seats.size).toBe(0);
    expect(target.rooms.get(code.code)!.playerCount).toBe(0);
    expect(target.stats.handshakesRefused).toBeGreaterThanOrEqual(5);
  });
});
