import { handshakeAuth } from '../../shared/protocol/wire-parser-kind';
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { GameConnection } from '../../client/net/game-connection';
import { Predictor } from '../../client/net/prediction';
import { ControlEvent, type ErrorMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { encodeInput } from '../../shared/protocol/input-codec';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT, wireParser } from '../../shared/protocol/wire-parser';
import { Button } from '../../shared/sim/constants';
import { generateCity } from '../../shared/sim/city';
import { movementParamsFor } from '../../shared/sim/world';
import type { GameNode } from '../game-node';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { nextEvent, waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();

async function nodeForTest(): Promise<GameNode> {
  const node = await startTestNode();
  onCleanup(() => node.stop());
  return node;
}

/** What the client saw of its own scooter, per snapshot tick. */
interface Seen {
  tick: number;
  ackSeq: number;
  ackLate: number;
  px: number;
  py: number;
  speed: number;
}

async function joinedClient(node: GameNode) {
  const code = await createRoom(node);
  const connection = new GameConnection({ url: node.url, reconnect: false });
  onCleanup(() => connection.close());
  const welcome = await connection.join(code, 'Stamp');
  const self = welcome.playerId;
  const seen: Seen[] = [];
  connection.on('snapshot', () => {
    const s = connection.decoder!.state;
    seen.push({ tick: s.tick, ackSeq: s.ackSeq[self], ackLate: s.ackLate[self], px: s.px[self], py: s.py[self], speed: s.speed[self] });
  });
  await waitFor('a few snapshots', () => seen.length >= 3);
  return { connection, welcome, self, seen, room: node.rooms.get(code)! };
}

describe('tick-stamped inputs over real sockets (protocol version 2)', () => {
  it('an input is applied at the tick it is stamped for, not when it arrives', async () => {
    const node = await nodeForTest();
    const { connection, seen, room } = await joinedClient(node);
    // Ten ticks ahead of the room: the server holds it that long.
    const stamp = room.world.tick + 10;
    const seq = connection.sendInput(stamp, Button.Up);
    await waitFor('the input acknowledged', () => seen.some((s) => s.ackSeq === seq));
    const first = seen.findIndex((s) => s.ackSeq === seq);
    // Snapshot T+1 is the state after tick T: the first to show the input, on time.
    expect(seen[first].tick).toBe(stamp + 1);
    expect(seen[first].ackLate).toBe(0);
    expect(seen[first].speed).toBeGreaterThan(0);
    const before = seen.filter((s) => s.tick <= stamp);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s.ackSeq !== seq && s.speed === 0)).toBe(true);
    // Held until the next input: the scooter keeps riding with nothing more sent.
    await waitFor('ten more ticks', () => seen[seen.length - 1].tick >= stamp + 11);
    const later = seen.filter((s) => s.tick > stamp + 1);
    expect(later.length).toBeGreaterThan(5);
    expect(later.every((s) => s.ackSeq === seq && s.speed > 0)).toBe(true);
    expect(room.lateInputs).toBe(0);
  });

  it('a late input is applied at once, the snapshot says which and from which tick, and prediction reconciles exactly', async () => {
    const node = await nodeForTest();
    const { connection, welcome, self, seen, room } = await joinedClient(node);
    const city = generateCity(welcome.seed);
    const predictor = new Predictor(city, movementParamsFor(welcome.tickRateHz));
    const auth = { px: 0, py: 0, heading: 0, speed: 0, ackSeq: 0, tick: 0 };
    /** What the predictor said each tick would look like, once the late input is behind us. */
    const predicted = new Map<number, { px: number; py: number }>();
    const LEAD = 2;
    connection.on('snapshot', () => {
      const s = connection.decoder!.state;
      Object.assign(auth, { px: s.px[self], py: s.py[self], heading: s.heading[self], speed: s.speed[self], ackSeq: s.ackSeq[self], tick: s.tick });
      predictor.reconcile(auth);
      // Run LEAD ticks ahead of the server, as the tick clock would.
      predictor.advanceTo(s.tick + LEAD);
      predicted.set(predictor.tick, { px: predictor.state.px, py: predictor.state.py });
    });
    await waitFor('the predictor ahead of the server', () => predictor.initialized && predictor.tick > room.world.tick);
    // The client predicts Up from tick P on, as if its input were on time, but the input is
    // held back until the server is well past P (a slow link).
    const stamp = predictor.tick;
    predictor.applyInput(1, Button.Up);
    await waitFor('the server past the stamp', () => room.world.tick >= stamp + 4);
    expect(connection.sendInput(stamp, Button.Up)).toBe(1);
    await waitFor('the late input acknowledged', () => seen.some((s) => s.ackSeq === 1));
    const first = seen.find((s) => s.ackSeq === 1)!;
    // Which input (ackSeq 1) and from which tick: it took effect at tick - 1 = stamp + ackLate.
    expect(first.ackLate).toBeGreaterThanOrEqual(4);
    expect(first.tick - 1).toBe(stamp + first.ackLate);
    expect(room.lateInputs).toBe(1);
    // The prediction had the scooter moving since the stamp: reconciling moved it back.
    expect(predictor.corrections).toBeGreaterThanOrEqual(1);
    expect(predictor.maxCorrectionTiles).toBeGreaterThan(0);
    const corrections = predictor.corrections;
    // From then on the prediction for every tick is exactly what the server later shows.
    const from = first.tick + LEAD;
    await waitFor('twenty more ticks', () => seen[seen.length - 1].tick >= from + 20);
    let compared = 0;
    for (const s of seen) {
      const p = predicted.get(s.tick);
      if (s.tick < from || p === undefined) continue;
      expect({ tick: s.tick, px: p.px, py: p.py }).toEqual({ tick: s.tick, px: s.px, py: s.py });
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
    expect(predictor.corrections).toBe(corrections);
  });

  it.each([1, 2])('a version %i client is refused with the version error, at the handshake and at the join', async (old) => {
    const node = await nodeForTest();
    const code = await createRoom(node);
    const connect = (v: number): Socket => {
      const socket = io(node.url, { transports: ['websocket'], parser: wireParser, auth: handshakeAuth('custom', v), forceNew: true, reconnection: false });
      onCleanup(() => socket.disconnect());
      return socket;
    };
    const outdated = connect(old);
    const [error] = await nextEvent<[Error & { data?: { code: string; serverVersion: number } }]>(outdated, 'connect_error');
    expect(error.data?.code).toBe(ErrorCode.VERSION_MISMATCH);
    expect(error.data?.serverVersion).toBe(PROTOCOL_VERSION);
    expect(error.message).toMatch(new RegExp(`version ${old} is not supported.*version ${PROTOCOL_VERSION}`));

    // A client that gets past the handshake but joins with the old version is refused too.
    const mixed = connect(PROTOCOL_VERSION);
    await nextEvent(mixed, 'connect');
    mixed.emit(ControlEvent.Join, { v: old, code, name: 'Old' });
    const [refusal] = await nextEvent<[ErrorMessage]>(mixed, ControlEvent.Error);
    expect(refusal.code).toBe(ErrorCode.VERSION_MISMATCH);
    expect(refusal.message).toMatch(new RegExp(`version ${PROTOCOL_VERSION}`));
    expect(node.rooms.get(code)!.playerCount).toBe(0);
    // And an old input from it (6 bytes in version 1, 10 in version 2) is refused as too short, never applied.
    mixed.emit(BINARY_EVENT, encodeInput({ seq: 1, tick: 0, control: 1 }).subarray(0, old === 1 ? 6 : 10));
    const [short] = await nextEvent<[ErrorMessage]>(mixed, ControlEvent.Error);
    expect([ErrorCode.PROTO_TRUNCATED, ErrorCode.NOT_IN_ROOM]).toContain(short.code);
  });
});
