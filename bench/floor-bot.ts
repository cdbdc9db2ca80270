import WebSocket from 'ws';
import type { BotLatencySinks } from '../bots/bot-player';
import { sharedBotTicker, type BotTicker, type Tickable } from '../bots/bot-ticker';
import { decodePong, encodePing } from '../shared/protocol/ping-codec';
import { wsHeaderBytes } from '../client/net/wire-meter';
import { FLOOR_INPUT_BYTES, FLOOR_PATH, FLOOR_SNAPSHOT_HEADER_BYTES, FloorCode, parseFloorWelcome } from './floor-wire';

export interface FloorBotOptions {
  /** The floor server's base URL (http://host:port). */
  url: string;
  room: number;
  /** Inputs per second, at a fixed rate. @default the floor's tick rate */
  inputRateHz?: number;
  latency: BotLatencySinks;
  /** @default 1000, as GameConnection */
  pingIntervalMs?: number;
}

/** Send times are kept per input seq's low byte: the floor echoes one byte per slot. */
const ECHO_RING = 256;

/**
 * A raw-WebSocket client with a Roundtrip bot's message pattern (issue 11 §5): inputs at a
 * fixed rate from the process-wide ticker, a ping a second, pongs to the server's pings, and
 * the snapshot of every tick read for its own slot's echo, timed as BotPlayer times it.
 */
export class FloorBot implements Tickable {
  private ws: WebSocket | null = null;
  private ticker: BotTicker | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private slot = -1;
  private seq = 0;
  private lastEchoedSeq = 0;
  private readonly sentAtMs = new Float64Array(ECHO_RING);
  private readonly sentSeq = new Uint32Array(ECHO_RING);
  inputsSent = 0;
  snapshotsReceived = 0;
  /** Payload bytes received (snapshots, pings, pongs, the welcome). */
  bytesIn = 0;
  wireBytesIn = 0;
  framesIn = 0;
  /** Set when the connection closed after it was seated. */
  dropped = false;
  private stopping = false;

  constructor(private readonly options: FloorBotOptions) {}

  get seated(): boolean {
    return this.slot >= 0 && this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects and resolves once the floor seated it (its welcome). */
  join(): Promise<void> {
    const url = new URL(`${FLOOR_PATH}?room=${this.options.room}`, this.options.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        const bytes = data as Buffer;
        this.framesIn++;
        this.bytesIn += bytes.length;
        this.wireBytesIn += bytes.length + wsHeaderBytes(bytes.length);
        if (isBinary) this.onBinary(bytes);
        else if (this.slot < 0) {
          const welcome = parseFloorWelcome(bytes.toString('utf8'));
          if (welcome === null) return reject(new Error('floor sent no welcome'));
          this.slot = welcome.slot;
          this.ticker = sharedBotTicker(this.options.inputRateHz ?? welcome.tickRateHz);
          this.ticker.add(this);
          this.pingTimer = setInterval(() => this.ping(), this.options.pingIntervalMs ?? 1000);
          resolve();
        }
      });
      ws.on('error', (error) => reject(error));
      ws.on('close', () => {
        this.stopTimers();
        if (this.slot >= 0 && !this.stopping) this.dropped = true;
        reject(new Error('closed before the welcome'));
      });
    });
  }

  onInputTick(): void {
    const ws = this.ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return;
    const seq = ++this.seq;
    // A fresh buffer per input, as GameConnection hands socket.io a copy of each.
    const bytes = Buffer.alloc(FLOOR_INPUT_BYTES);
    bytes[0] = FloorCode.Input;
    bytes.writeUInt32LE(seq, 1);
    ws.send(bytes);
    const at = seq % ECHO_RING;
    this.sentSeq[at] = seq;
    this.sentAtMs[at] = performance.now();
    this.inputsSent++;
  }

  close(): void {
    this.stopping = true;
    this.stopTimers();
    this.ws?.close();
  }

  private ping(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(Buffer.from(encodePing(performance.now())));
  }

  private onBinary(bytes: Buffer): void {
    const code = bytes[0];
    if (code === FloorCode.Snapshot) {
      this.snapshotsReceived++;
      if (this.slot < 0 || bytes.length <= FLOOR_SNAPSHOT_HEADER_BYTES + this.slot) return;
      // The low byte of the last seq the floor read from us: the newest seq with that byte.
      const at = bytes[FLOOR_SNAPSHOT_HEADER_BYTES + this.slot];
      const seq = this.sentSeq[at];
      if (seq > this.lastEchoedSeq) {
        this.options.latency.echo.record(performance.now() - this.sentAtMs[at]);
        this.lastEchoedSeq = seq;
      }
    } else if (code === FloorCode.Ping) {
      bytes[0] = FloorCode.Pong;
      this.ws?.send(bytes);
    } else if (code === FloorCode.Pong) {
      const pong = decodePong(bytes);
      if (pong.ok) this.options.latency.rtt.record(performance.now() - pong.value);
    }
  }

  private stopTimers(): void {
    this.ticker?.remove(this);
    this.ticker = null;
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
