import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { FixedStepLoop } from '../server/tick/fixed-step-loop';
import { encodePing } from '../shared/protocol/ping-codec';
import { FLOOR_INPUT_BYTES, FLOOR_PATH, FLOOR_SNAPSHOT_HEADER_BYTES, FloorCode, type FloorWelcome } from './floor-wire';

/**
 * The floor (issue 11 §5, style rule 21): a bare `ws` server, no framework and no game, that
 * carries Roundtrip's traffic: it reads every client's inputs (keeping the last seq per slot)
 * and each tick writes one snapshot-sized message to every socket, the same buffer to every
 * socket of a room (as Roundtrip encodes once per room). What Roundtrip spends beyond this
 * server per client is what its layers cost. Prometheus text on GET /metrics under the names
 * the load bench reads from a Roundtrip node, so both are measured the same way.
 */

export interface FloorServerOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  playersPerRoom: number;
  /** Size of each snapshot message (bench/snapshot-size.ts gives Roundtrip's). */
  snapshotBytes: number;
  /** @default 30 */
  tickRateHz?: number;
  /** Rooms a client may ask for (`?room=0..maxRooms-1`). @default 1000 */
  maxRooms?: number;
}

export interface FloorServer {
  url: string;
  readonly players: number;
  readonly inputsReceived: number;
  close(): Promise<void>;
}

/** Largest message a floor client may send: an input or a ping (a little slack). */
const MAX_CLIENT_MESSAGE_BYTES = 64;
const SERVER_PING_INTERVAL_MS = 1000;
/** Same bucket edges as the node's roundtrip_tick_duration_seconds (server/http/node-metrics.ts). */
const TICK_BUCKETS_S = [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.033, 0.05, 0.1];

class FloorRoom {
  readonly sockets: (WebSocket | null)[];
  readonly ackByte: Uint8Array;
  members = 0;

  constructor(playersPerRoom: number) {
    this.sockets = new Array<WebSocket | null>(playersPerRoom).fill(null);
    this.ackByte = new Uint8Array(playersPerRoom);
  }

  seat(ws: WebSocket): number {
    const slot = this.sockets.indexOf(null);
    if (slot < 0) return -1;
    this.sockets[slot] = ws;
    this.ackByte[slot] = 0;
    this.members++;
    return slot;
  }

  free(slot: number): void {
    this.sockets[slot] = null;
    this.members--;
  }
}

export function startFloorServer(options: FloorServerOptions): Promise<FloorServer> {
  const tickRateHz = options.tickRateHz ?? 30;
  const maxRooms = options.maxRooms ?? 1000;
  const { playersPerRoom } = options;
  const snapshotBytes = Math.max(options.snapshotBytes, FLOOR_SNAPSHOT_HEADER_BYTES + playersPerRoom);
  const rooms = new Map<number, FloorRoom>();
  const tickCounts = new Array<number>(TICK_BUCKETS_S.length + 1).fill(0);
  let tickSumS = 0;
  let tick = 0;
  let players = 0;
  let inputsReceived = 0;

  /** One snapshot-sized message to every socket (named: the profile's layer rules look for it). */
  function broadcastTick(): void {
    tick++;
    for (const room of rooms.values()) {
      if (room.members === 0) continue;
      // A fresh buffer per room and tick, as Roundtrip copies its encoder's output: ws may
      // still hold the previous one queued.
      const bytes = Buffer.allocUnsafe(snapshotBytes);
      bytes[0] = FloorCode.Snapshot;
      bytes.writeUInt32LE(tick >>> 0, 1);
      bytes.set(room.ackByte, FLOOR_SNAPSHOT_HEADER_BYTES);
      bytes.fill(0, FLOOR_SNAPSHOT_HEADER_BYTES + playersPerRoom);
      for (const ws of room.sockets) if (ws !== null) ws.send(bytes);
    }
  }

  const loop = new FixedStepLoop({
    tickRateHz,
    onTick: broadcastTick,
    onTickTimed: (durationMs) => {
      const s = durationMs / 1000;
      tickSumS += s;
      let b = 0;
      while (b < TICK_BUCKETS_S.length && s > TICK_BUCKETS_S[b]) b++;
      tickCounts[b]++;
    },
  });

  const metrics = (): string => {
    const cpu = process.cpuUsage();
    const lines = [
      `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
      `process_cpu_system_seconds_total ${cpu.system / 1e6}`,
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      `roundtrip_players_connected ${players}`,
      `roundtrip_ticks_total ${loop.ticksRun}`,
      `roundtrip_ticks_skipped_total ${loop.ticksSkipped}`,
      `floor_inputs_received_total ${inputsReceived}`,
      `floor_snapshot_bytes ${snapshotBytes}`,
    ];
    let cumulative = 0;
    for (let b = 0; b < TICK_BUCKETS_S.length; b++) {
      cumulative += tickCounts[b];
      lines.push(`roundtrip_tick_duration_seconds_bucket{le="${TICK_BUCKETS_S[b]}"} ${cumulative}`);
    }
    cumulative += tickCounts[TICK_BUCKETS_S.length];
    lines.push(`roundtrip_tick_duration_seconds_bucket{le="+Inf"} ${cumulative}`, `roundtrip_tick_duration_seconds_sum ${tickSumS}`, `roundtrip_tick_duration_seconds_count ${cumulative}`);
    return `${lines.join('\n')}\n`;
  };

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics());
    } else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const roomIndex = Number(url.searchParams.get('room') ?? '0');
    if (url.pathname !== FLOOR_PATH || !(Number.isInteger(roomIndex) && roomIndex >= 0 && roomIndex < maxRooms)) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => seat(ws, roomIndex));
  });

  function seat(ws: WebSocket, roomIndex: number): void {
    let room = rooms.get(roomIndex);
    if (room === undefined) rooms.set(roomIndex, (room = new FloorRoom(playersPerRoom)));
    const slot = room.seat(ws);
    if (slot < 0) {
      ws.close(1013, 'room full');
      return;
    }
    players++;
    const seated = room;
    ws.send(JSON.stringify({ slot, tickRateHz } satisfies FloorWelcome));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // ws hands over a Buffer per message by default (binaryType 'nodebuffer').
      const bytes = data as Buffer;
      if (!isBinary || bytes.length === 0) {
        ws.close(1003, 'binary messages only');
        return;
      }
      const code = bytes[0];
      if (code === FloorCode.Input && bytes.length === FLOOR_INPUT_BYTES) {
        seated.ackByte[slot] = bytes[1];
        inputsReceived++;
      } else if (code === FloorCode.Ping) {
        bytes[0] = FloorCode.Pong;
        ws.send(bytes);
      } else if (code !== FloorCode.Pong) ws.close(1008, 'unknown message');
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      seated.free(slot);
      players--;
    });
  }

  // The server's own RTT probe, as Roundtrip's node sends one to every player each second.
  const pinger = setInterval(() => {
    const ping = Buffer.from(encodePing(performance.now()));
    for (const room of rooms.values()) for (const ws of room.sockets) if (ws !== null) ws.send(ping);
  }, SERVER_PING_INTERVAL_MS);

  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = http.address() as AddressInfo;
      loop.start();
      resolve({
        url: `http://${address.address}:${address.port}`,
        get players() {
          return players;
        },
        get inputsReceived() {
          return inputsReceived;
        },
        close: () =>
          new Promise<void>((done) => {
            loop.stop();
            clearInterval(pinger);
            for (const ws of wss.clients) ws.terminate();
            for (const room of rooms.values()) for (const ws of room.sockets) ws?.terminate();
            wss.close();
            http.close(() => done());
            http.closeAllConnections();
          }),
      });
    });
  });
}
