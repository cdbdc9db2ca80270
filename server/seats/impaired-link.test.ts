import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImpairedLink } from './impaired-link';
import type { OutgoingSnapshot, PlayerLink } from './player-link';

class RecordingLink implements PlayerLink {
  readonly order: string[] = [];
  connected = true;
  readonly id = 'r';
  readonly address = '127.0.0.1';
  sendControl(event: string): void {
    this.order.push(`control:${event}`);
  }
  sendBinary(bytes: Uint8Array): void {
    this.order.push(`binary:${bytes[0]}`);
  }
  sendSnapshot(snapshot: OutgoingSnapshot): void {
    this.order.push(`snapshot:${snapshot.payloadBytes}`);
  }
  receive(bytes: Uint8Array, handle: (bytes: Uint8Array) => void): void {
    handle(bytes);
  }
  subscribe(): void {}
  unsubscribe(): void {}
  dropTransport(): void {}
  disconnect(): void {}
}

const snapshot = (n: number): OutgoingSnapshot => ({ packets: [Buffer.alloc(n)], options: [undefined], payloadBytes: n, wsBytes: Buffer.alloc(n) });

afterEach(() => {
  vi.useRealTimers();
});

describe('ImpairedLink', () => {
  it('delays every message, loses none and keeps their order, both ways', () => {
    vi.useFakeTimers();
    let now = 0;
    const inner = new RecordingLink();
    let roll = 0;
    // Every third message "lost": a retransmission delay that holds up those behind it.
    const link = new ImpairedLink(inner, { latencyMs: 100, jitterMs: 50, lossPct: 20 }, () => now, () => [0.9, 0.5, 0.01][roll++ % 3]);
    const received: number[] = [];
    for (let i = 0; i < 30; i++) {
      link.sendSnapshot(snapshot(i + 1));
      if (i % 10 === 0) link.sendControl('roster', {});
      link.receive(Uint8Array.of(i), (bytes) => received.push(bytes[0]));
      now += 33;
      vi.advanceTimersByTime(33);
    }
    expect(inner.order.length).toBeLessThan(33);
    now += 5000;
    vi.advanceTimersByTime(5000);
    const snapshots = inner.order.filter((m) => m.startsWith('snapshot:')).map((m) => Number(m.slice(9)));
    expect(snapshots).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(inner.order.filter((m) => m.startsWith('control:'))).toHaveLength(3);
    expect(inner.order.indexOf('control:roster')).toBe(1);
    expect(received).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('hands on what it still holds when released, in order', () => {
    vi.useFakeTimers();
    const inner = new RecordingLink();
    const link = new ImpairedLink(inner, { latencyMs: 400, jitterMs: 0, lossPct: 0 }, () => 0);
    link.sendBinary(Uint8Array.of(5));
    link.sendSnapshot(snapshot(7));
    expect(inner.order).toEqual([]);
    expect(link.release()).toBe(inner);
    expect(inner.order).toEqual(['binary:5', 'snapshot:7']);
  });
});
