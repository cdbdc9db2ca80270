import { handshakeAuth } from '../shared/protocol/wire-parser-kind';
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { BotPlayer } from '../bots/bot-player';
import { GameConnection, JoinRefusedError, type ConnectionEvents } from '../client/net/game-connection';
import { ControlEvent, type ErrorMessage } from '../shared/protocol/control-messages';
import { ErrorCode } from '../shared/protocol/error-code';
import { encodeInput } from '../shared/protocol/input-codec';
import { encodePing } from '../shared/protocol/ping-codec';
import { MsgCode } from '../shared/protocol/msg-code';
import { PROTOCOL_VERSION } from '../shared/protocol/version';
import { BINARY_EVENT, wireParser } from '../shared/protocol/wire-parser';
import type { GameNode } from './game-node';
import { createRoom, startTestNode } from './test-support/start-test-node';
import { nextEvent, waitFor } from './test-support/wait-for';
import { cleanupAfterEach } from './test-support/test-cleanups';

const onCleanup = cleanupAfterEach();

async function nodeForTest(overrides: Parameters<typeof startTestNode>[0] = {}): Promise<GameNode> {
  const node = await startTestNode(overrides);
  onCleanup(() => node.stop());
  return node;
}

function bot(node: GameNode, name: string, quirk = 0): BotPlayer {
  const player = new BotPlayer({ url: node.url, name, quirk });
  onCleanup(() => player.stop());
  return player;
}

function connectionEvent<K extends keyof ConnectionEvents>(connection: GameConnection, event: K): Promise<ConnectionEvents[K]> {
  return new Promise((resolve) => connection.once(event, (...args) => resolve(args)));
}

function rawSocket(node: GameNode, version = PROTOCOL_VERSION): Socket {
  const socket = io(node.url, { transports: ['websocket'], parser: wireParser, auth: handshakeAuth('custom', version), forceNew: true, reconnection: false });
  onCleanup(() => socket.disconnect());
  return socket;
}

describe('game node over real sockets', () => {
  it('bots join one room, see each other move, pick up, deliver and score; a dropped bot resumes with its score', async () => {
    const node = await nodeForTest();
    const code = await createRoom(node);
    const bots = [bot(node, 'Ada', 0), bot(node, 'Bo', 1), bot(node, 'Cy', 2)];
    const welcomes = await Promise.all(bots.map((b) => b.join(code)));
    expect(new Set(welcomes.map((w) => w.playerId)).size).toBe(3);
    expect(welcomes[2].players.map((p) => p.name).sort()).toEqual(['Ada', 'Bo', 'Cy']);

    // Everyone sees every scooter, and sees the others move.
    const watcher = bots[0].connection;
    const other = welcomes[1].playerId;
    await waitFor('all three scooters in the first bot\'s replica', () => {
      const state = watcher.decoder?.state;
      return state !== undefined && welcomes.every((w) => state.active[w.playerId] === 1);
    });
    const startX = watcher.decoder!.state.px[other];
    const startY = watcher.decoder!.state.py[other];
    await waitFor('another bot moving on the first bot\'s screen', () => {
      const state = watcher.decoder!.state;
      return state.px[other] !== startX || state.py[other] !== startY;
    });

    // Someone delivers a pizza: the score rises on the server and in every replica.
    await waitFor(
      'a delivery',
      () => node.rooms.get(code)!.world.deliveredTotal > 0,
      45_000,
      50,
    );
    const room = node.rooms.get(code)!;
    const scorer = welcomes.map((w) => w.playerId).find((id) => room.world.score[id] > 0)!;
    expect(scorer).toBeGreaterThanOrEqual(0);
    await waitFor('the score in every replica', () =>
      bots.every((b) => b.connection.decoder!.state.score[scorer] === room.world.score[scorer]),
    );

    // The scorer's connection drops; it resumes with its token and keeps its score.
    const scorerBot = bots.find((b) => b.playerId === scorer)!;
    const scoreBefore = room.world.score[scorer];
    const resumed = connectionEvent(scorerBot.connection, 'resumed');
    scorerBot.connection.dropTransport();
    await waitFor('the server to notice the drop', () => room.world.connected[scorer] === 0);
    expect(room.world.active[scorer]).toBe(1);
    await resumed;
    expect(scorerBot.playerId).toBe(scorer);
    expect(room.world.connected[scorer]).toBe(1);
    expect(room.world.score[scorer]).toBeGreaterThanOrEqual(scoreBefore);
    await waitFor('the resumed replica to show the kept score', () => scorerBot.connection.decoder!.state.score[scorer] >= scoreBefore);
    expect(node.stats.resumes).toBe(1);
  }, 60_000);

  it('a malformed, oversized or flooding client gets clear errors and is cut off while the others play on', async () => {
    const node = await nodeForTest({ abuseStrikesMax: 10 });
    const code = await createRoom(node);
    const good = bot(node, 'Good');
    await good.join(code);

    const abuser = rawSocket(node);
    const errors: ErrorMessage[] = [];
    abuser.on(ControlEvent.Error, (e: ErrorMessage) => errors.push(e));
    await nextEvent(abuser, 'connect');
    abuser.emit(ControlEvent.Join, { v: PROTOCOL_VERSION, code, name: 'Mallory' });
    await nextEvent(abuser, ControlEvent.Welcome);

    abuser.emit(BINARY_EVENT, new Uint8Array([0xee, 1, 2]));
    abuser.emit(BINARY_EVENT, new Uint8Array(1000));
    abuser.emit(BINARY_EVENT, new Uint8Array([MsgCode.Input, 5, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0])); // buttons out of range
    const tick = node.rooms.get(code)!.world.tick + 5;
    abuser.emit(BINARY_EVENT, encodeInput({ seq: 7, tick, control: 1 }));
    abuser.emit(BINARY_EVENT, encodeInput({ seq: 7, tick: tick + 1, control: 1 })); // sequence did not move forward
    abuser.emit('no-such-event', {});
    await waitFor('five rejections', () => errors.length >= 5);
    // Binary and text frames may be handled in either order; each gets its own error.
    expect(errors.map((e) => e.code).sort()).toEqual(
      [
        ErrorCode.PROTO_UNKNOWN_CODE,
        ErrorCode.PROTO_OVERSIZED,
        ErrorCode.PROTO_OUT_OF_RANGE,
        ErrorCode.PROTO_SEQ_NOT_FORWARD,
        ErrorCode.BAD_REQUEST,
      ].sort(),
    );
    expect(errors.every((e) => e.message.length > 0)).toBe(true);

    const snapshotsBefore = good.connection.snapshotsReceived;
    const disconnected = nextEvent<[string]>(abuser, 'disconnect', 10_000);
    // A flood of well-formed binary messages (pings: an input flood already fails the
    // one-input-per-tick rule, each a strike of its own).
    for (let i = 0; i < 200; i++) abuser.emit(BINARY_EVENT, encodePing(i));
    const [reason] = await disconnected;
    expect(reason).toBe('io server disconnect');
    expect(errors.some((e) => e.code === ErrorCode.RATE_LIMITED)).toBe(true);
    expect(errors[errors.length - 1].fatal).toBe(true);
    expect(node.stats.socketsCutOff).toBe(1);

    // The well-behaved player kept receiving snapshots and is still connected.
    await waitFor('snapshots keep flowing to the good bot', () => good.connection.snapshotsReceived > snapshotsBefore + 15);
    expect(good.connection.connected).toBe(true);
    expect(good.connection.decodeErrors).toBe(0);
  });

  it('a full room refuses a join with a clear reason', async () => {
    const node = await nodeForTest({ maxPlayersPerRoom: 2 });
    const code = await createRoom(node);
    await bot(node, 'One').join(code);
    await bot(node, 'Two').join(code);
    const third = bot(node, 'Three');
    const refusal = await third.join(code).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(JoinRefusedError);
    expect((refusal as JoinRefusedError).code).toBe(ErrorCode.ROOM_FULL);
    expect((refusal as JoinRefusedError).message).toMatch(/full/);
  });

  it('a wrong room code is refused, and a bad name too', async () => {
    const node = await nodeForTest();
    const player = bot(node, 'Someone');
    const refusal = (await player.join('ZZZZZ').catch((e: unknown) => e)) as JoinRefusedError;
    expect(refusal.code).toBe(ErrorCode.ROOM_NOT_FOUND);
    const code = await createRoom(node);
    const nameless = new GameConnection({ url: node.url });
    onCleanup(() => nameless.close());
    const bad = (await nameless.join(code, '\u0000\u200b  ').catch((e: unknown) => e)) as JoinRefusedError;
    expect(bad.code).toBe(ErrorCode.BAD_REQUEST);
  });

  it('an empty room closes after its grace period, and an expired session cannot resume', async () => {
    const node = await nodeForTest({ emptyRoomGraceMs: 300, resumeGraceMs: 200 });
    const code = await createRoom(node);
    const player = bot(node, 'Solo');
    const welcome = await player.join(code);
    player.connection.close();
    const room = node.rooms.get(code)!;
    await waitFor('the slot to be freed after the resume grace', () => room.world.active[welcome.playerId] === 0);
    await waitFor('the room to close', async () => (await fetch(`${node.url}/api/rooms/${code}`)).status === 404);
    expect(node.rooms.get(code)).toBeUndefined();

    const late = new GameConnection({ url: node.url });
    onCleanup(() => late.close());
    const refusal = (await late.resume(welcome.resumeToken).catch((e: unknown) => e)) as JoinRefusedError;
    expect(refusal.code).toBe(ErrorCode.SESSION_EXPIRED);
  });

  it('a client of another protocol version gets a clear error', async () => {
    const node = await nodeForTest();
    const socket = rawSocket(node, PROTOCOL_VERSION + 1);
    const [error] = await nextEvent<[Error & { data?: { code: string } }]>(socket, 'connect_error');
    expect(error.data?.code).toBe(ErrorCode.VERSION_MISMATCH);
    expect(error.message).toMatch(/version/);
  });

  it('answers the room API and health check over HTTP', async () => {
    const node = await nodeForTest();
    const code = await createRoom(node);
    expect(code).toMatch(/^[BCDFGHJKMNPQRSTVWXYZ2-9]{5}$/);
    const info = await fetch(`${node.url}/api/rooms/${code.toLowerCase()}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ code, players: 0, capacity: 40, phase: expect.any(String) });
    const missing = await fetch(`${node.url}/api/rooms/BBBBB`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'ROOM_NOT_FOUND', message: expect.any(String) } });
    const health = await fetch(`${node.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', nodeId: 'test-node', rooms: 1 });
    const page = await fetch(`${node.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);
  });

  it('tells players when the node shuts down', async () => {
    const node = await startTestNode();
    const code = await createRoom(node);
    const player = bot(node, 'Late');
    await player.join(code);
    const shutdown = connectionEvent(player.connection, 'shutdown');
    await node.stop();
    const [message] = await shutdown;
    expect(message).toMatch(/shutting down/);
  });
});

describe('graceful restart', () => {
  it('saves rooms at shutdown and restores them at start: players resume with their score', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const stateFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'roundtrip-test-')), 'rooms.json');
    const first = await startTestNode({ roomStateFile: stateFile });
    const code = await createRoom(first);
    const player = bot(first, 'Keeper');
    const welcome = await player.join(code);
    const room = first.rooms.get(code)!;
    await waitFor('the first round to start', () => room.world.round >= 1);
    room.world.score[welcome.playerId] = 250;
    await waitFor('the score in the replica', () => player.connection.decoder!.state.score[welcome.playerId] === 250);
    player.stop();
    await first.stop();

    const second = await nodeForTest({ roomStateFile: stateFile });
    expect(second.rooms.get(code)).toBeDefined();
    const back = new GameConnection({ url: second.url });
    onCleanup(() => back.close());
    const again = await back.resume(welcome.resumeToken);
    expect(again.playerId).toBe(welcome.playerId);
    expect(again.room).toBe(code);
    await waitFor('the kept score after the restart', () => back.decoder?.state.score[welcome.playerId] === 250);
  });
});
