import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LatencyHistogram } from '../bots/latency-histogram';
import { cleanupAfterEach } from '../server/test-support/test-cleanups';
import { nextEvent, waitFor } from '../server/test-support/wait-for';
import { FloorBot } from './floor-bot';
import { startFloorServer, type FloorServer } from './floor-server';
import { FLOOR_PATH, FLOOR_INPUT_BYTES, FLOOR_SNAPSHOT_HEADER_BYTES, FloorCode, parseFloorWelcome } from './floor-wire';
import { parsePromText, promValue } from './prom-text';

const onCleanup = cleanupAfterEach();

async function floor(playersPerRoom: number, snapshotBytes: number): Promise<FloorServer> {
  const server = await startFloorServer({ playersPerRoom, snapshotBytes });
  onCleanup(() => server.close());
  return server;
}

function rawClient(server: FloorServer, room: number): WebSocket {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${FLOOR_PATH}?room=${room}`);
  onCleanup(() => ws.terminate());
  return ws;
}

describe('floor server and its bot driver', () => {
  it('seats bots per room, reads their inputs and echoes each one its own seq in every tick', async () => {
    const server = await floor(3, 40);
    const latency = { echo: new LatencyHistogram(), rtt: new LatencyHistogram() };
    const bots = [0, 0, 0, 1, 1].map((room) => new FloorBot({ url: server.url, room, inputRateHz: 30, latency, pingIntervalMs: 100 }));
    onCleanup(() => bots.forEach((b) => b.close()));
    await Promise.all(bots.map((b) => b.join()));
    expect(server.players).toBe(5);

    await waitFor('every bot to get snapshots and echoes of its own inputs', () => bots.every((b) => b.snapshotsReceived >= 10) && latency.echo.count >= 50, 10_000);
    expect(server.inputsReceived).toBeGreaterThan(0);
    expect(latency.rtt.count).toBeGreaterThan(0);
    for (const bot of bots) {
      // A snapshot each tick, 40 bytes, plus pings and pongs.
      expect(bot.bytesIn).toBeGreaterThanOrEqual(40 * bot.snapshotsReceived);
      expect(bot.dropped).toBe(false);
    }
    const metrics = parsePromText(await (await fetch(`${server.url}/metrics`)).text());
    expect(promValue(metrics, 'roundtrip_players_connected')).toBe(5);
    expect(promValue(metrics, 'floor_inputs_received_total')).toBeGreaterThan(0);
    expect(promValue(metrics, 'roundtrip_ticks_total')).toBeGreaterThan(0);
    expect(promValue(metrics, 'roundtrip_tick_duration_seconds_count')).toBe(promValue(metrics, 'roundtrip_ticks_total'));
  });

  it('sends snapshots of the given size carrying the low byte of each slot\'s last input', async () => {
    const server = await floor(2, 32);
    const ws = rawClient(server, 7);
    const [welcomeText] = await nextEvent<[Buffer, boolean]>(ws, 'message');
    const welcome = parseFloorWelcome(welcomeText.toString());
    expect(welcome).toEqual({ slot: 0, tickRateHz: 30 });
    // An input as long as the game's (FLOOR_INPUT_BYTES): the code, seq 0x012a, then zeros.
    const input = Buffer.alloc(FLOOR_INPUT_BYTES);
    input[0] = FloorCode.Input;
    input[1] = 0x2a;
    input[2] = 0x01;
    ws.send(input);
    const snapshot = await new Promise<Buffer>((resolve) => {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary && data[0] === FloorCode.Snapshot && data[FLOOR_SNAPSHOT_HEADER_BYTES] === 0x2a) resolve(data);
      });
    });
    expect(snapshot.length).toBe(32);
    expect(snapshot.readUInt32LE(1)).toBeGreaterThan(0);
  });

  it('refuses a full room and closes only a socket that sends garbage', async () => {
    const server = await floor(1, 20);
    const first = rawClient(server, 0);
    await nextEvent(first, 'message');
    const second = rawClient(server, 0);
    const [code] = await nextEvent<[number]>(second, 'close');
    expect(code).toBe(1013);

    const other = rawClient(server, 1);
    await nextEvent(other, 'message');
    other.send('not binary');
    const [closeCode] = await nextEvent<[number]>(other, 'close');
    expect(closeCode).toBe(1003);
    // The first client is still served.
    const [data, isBinary] = await nextEvent<[Buffer, boolean]>(first, 'message');
    expect(isBinary).toBe(true);
    expect(data.length).toBeGreaterThan(0);
    expect(server.players).toBe(1);
  });
});
