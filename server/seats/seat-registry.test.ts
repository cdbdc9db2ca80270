import { describe, expect, it } from 'vitest';
import { ControlEvent } from '../../shared/protocol/control-messages';
import { ImpairedLink } from './impaired-link';
import type { OutgoingSnapshot, PlayerLink } from './player-link';
import { sessionIdOf } from '../security/session-id';
import { bareLink, SeatRegistry } from './seat-registry';

/** A link that records what it was sent: the registry under test only ever talks to links. */
class RecordingLink implements PlayerLink {
  readonly sent: { event: string; payload: unknown }[] = [];
  connected = true;
  constructor(readonly id: string) {}
  readonly address = '127.0.0.1';
  sendControl(event: string, payload: unknown): void {
    this.sent.push({ event, payload });
  }
  sendBinary(): void {}
  sendSnapshot(_snapshot: OutgoingSnapshot): void {}
  receive(bytes: Uint8Array, handle: (bytes: Uint8Array) => void): void {
    handle(bytes);
  }
  subscribe(): void {}
  unsubscribe(): void {}
  dropTransport(): void {}
  disconnect(): void {
    this.connected = false;
  }
}

const AWFUL = { latencyMs: 400, jitterMs: 150, lossPct: 20 };

describe('SeatRegistry', () => {
  it('opens seats with unique tokens, finds them by token and slot, and frees them', () => {
    const seats = new SeatRegistry('node-a', () => 0);
    const a = seats.open('BCDFG', 0, 'node-a', new RecordingLink('a'));
    const b = seats.open('BCDFG', 3, 'node-b', null);
    expect(a.token).not.toBe(b.token);
    expect(seats.byResumeToken(a.token)).toBe(a);
    expect(seats.at('BCDFG', 3)).toBe(b);
    expect(seats.remoteCount('BCDFG')).toBe(1);
    // Saves carry session ids (hashes), never the resume tokens.
    expect(seats.sessionsOf('BCDFG', 5)).toEqual([sessionIdOf(a.token), '', '', sessionIdOf(b.token), '']);
    seats.free(b);
    expect(seats.byResumeToken(b.token)).toBeUndefined();
    expect(seats.at('BCDFG', 3)).toBeNull();
    expect(seats.remoteCount('BCDFG')).toBe(0);
    expect(seats.isCurrent(a)).toBe(true);
    expect(seats.forgetRoom('BCDFG')).toEqual([a]);
    expect(seats.size).toBe(0);
  });

  it('a resume on a new link hands back the old one to retire; a detach keeps the seat', () => {
    const seats = new SeatRegistry('node-a', () => 0);
    const first = new RecordingLink('first');
    const seat = seats.open('BCDFG', 1, 'node-a', first);
    const second = new RecordingLink('second');
    expect(seats.attach(seat, 'node-a', second)).toBe(first);
    expect(seats.holds(seat, first)).toBe(false);
    expect(seats.holds(seat, second)).toBe(true);
    seats.detach(seat);
    expect(seat.link).toBeNull();
    expect(seat.via).toBe('');
    expect(seats.byResumeToken(seat.token)).toBe(seat);
  });

  it("a restored room adopts the mirrors this node carries: the link stays, the owner becomes this node", () => {
    const seats = new SeatRegistry('node-b', () => 0);
    const link = new RecordingLink('b');
    const mirror = seats.mirror('BCDFG', 2, 'tok-2', 'node-a', link);
    expect(seats.mirroredRooms().get('BCDFG')?.owner).toBe('node-a');
    const restored = seats.restore('BCDFG', 2, sessionIdOf('tok-2'));
    expect(restored).toBe(mirror);
    expect(restored.owner).toBe('node-b');
    expect(restored.link).toBe(link);
    const absent = seats.restore('BCDFG', 4, sessionIdOf('tok-4'));
    // A restored seat knows no token until its player presents it.
    expect(absent.token).toBe('');
    expect(seats.byResumeToken('tok-4')).toBe(absent);
    expect(absent.token).toBe('tok-4');
    expect(absent.link).toBeNull();
    expect(absent.via).toBe('');
    expect(seats.mirroredRooms().size).toBe(0);
  });

  it("conditions stay with the seat across a drop and a resume, wrap its link, and reach the player", () => {
    const seats = new SeatRegistry('node-a', () => 0);
    const link = new RecordingLink('a');
    const seat = seats.open('BCDFG', 0, 'node-a', link);
    seats.impose(seat, AWFUL);
    expect(seat.link).toBeInstanceOf(ImpairedLink);
    expect(bareLink(seat.link!)).toBe(link);
    expect(link.sent.at(-1)).toEqual({ event: ControlEvent.Conditions, payload: { conditions: AWFUL } });
    seats.detach(seat);
    // Cleared while the player is offline: it works, and the resume comes back clean.
    const again = new RecordingLink('again');
    seats.attach(seat, 'node-a', again);
    expect(seat.link).toBeInstanceOf(ImpairedLink);
    seats.impose(seat, { latencyMs: 0, jitterMs: 0, lossPct: 0 });
    expect(seat.link).toBe(again);
    expect(again.sent.at(-1)).toEqual({ event: ControlEvent.Conditions, payload: { conditions: null } });
  });

  it("room-wide conditions reach everyone in that room and nobody in another (issue #13)", () => {
    const seats = new SeatRegistry('node-a', () => 0);
    const inRoom = seats.open('BCDFG', 0, 'node-a', new RecordingLink('in'));
    const elsewhere = seats.open('HJKLM', 0, 'node-a', new RecordingLink('out'));
    seats.imposeOnRoom('BCDFG', AWFUL);
    expect(inRoom.link).toBeInstanceOf(ImpairedLink);
    expect(elsewhere.link).not.toBeInstanceOf(ImpairedLink);
    const joiner = seats.open('BCDFG', 1, 'node-a', new RecordingLink('late'));
    expect(seats.conditionsOf(joiner)).toEqual(AWFUL);
    expect(joiner.link).toBeInstanceOf(ImpairedLink);
    seats.imposeOnRoom('BCDFG', null);
    expect(inRoom.link).not.toBeInstanceOf(ImpairedLink);
    expect(joiner.link).not.toBeInstanceOf(ImpairedLink);
  });
});
