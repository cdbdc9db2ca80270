import { decodePong, encodePing } from '../../shared/protocol/ping-codec';

/** Pings sent QUICK_PING_INTERVAL_MS apart after each start, before the slow interval. */
const QUICK_PINGS = 5;
const QUICK_PING_INTERVAL_MS = 200;
/** Weight of a new sample in the displayed (smoothed) RTT. */
const DISPLAY_GAIN = 0.2;

/**
 * The client's RTT pings: a Ping carries the client's clock, the server echoes it as a Pong.
 * After each start (every welcome: a resume may land on another node) a few quick ones go
 * 200 ms apart, so the tick clock's RTT and jitter settle in a second rather than in ten; then
 * one every intervalMs.
 */
export class RttProbe {
  /** Smoothed RTT for display; NaN until the first pong. */
  rttMs = Number.NaN;
  lastRttMs = Number.NaN;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly nowMs: () => number,
    private readonly intervalMs: number,
    private readonly onSample: (rttMs: number) => void,
  ) {}

  /** (Re)starts pinging now, quick pings first. */
  start(): void {
    this.stop();
    let sent = 0;
    const next = () => {
      this.ping();
      sent++;
      this.timer = setTimeout(next, sent < QUICK_PINGS ? QUICK_PING_INTERVAL_MS : this.intervalMs);
    };
    next();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  ping(): void {
    this.send(encodePing(this.nowMs()));
  }

  /** A Pong from the server: one RTT sample (ignored when malformed). */
  onPong(bytes: Uint8Array): void {
    const pong = decodePong(bytes);
    if (!pong.ok) return;
    const rtt = this.nowMs() - pong.value;
    this.lastRttMs = rtt;
    this.rttMs = Number.isNaN(this.rttMs) ? rtt : this.rttMs * (1 - DISPLAY_GAIN) + rtt * DISPLAY_GAIN;
    this.onSample(rtt);
  }
}
