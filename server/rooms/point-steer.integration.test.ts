import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { GameSession } from '../../client/net/game-session';
import { ControlEvent, type ErrorMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { encodeInput } from '../../shared/protocol/input-codec';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { handshakeAuth } from '../../shared/protocol/wire-parser-kind';
import { BINARY_EVENT, wireParser } from '../../shared/protocol/wire-parser';
import { HEADING_STEPS, POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import { isSolidTile, tileAt } from '../../shared/sim/city';
import { packControl, packSteer, STEER_THROTTLE_MAX } from '../../shared/sim/steering';
import type { GameNode } from '../game-node';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { nextEvent, waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();
const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;

/** The four screen directions as headings and unit steps. */
const DIRECTIONS = [
  { heading: 0, dx: 1, dy: 0 },
  { heading: HEADING_STEPS / 4, dx: 0, dy: 1 },
  { heading: HEADING_STEPS / 2, dx: -1, dy: 0 },
  { heading: (HEADING_STEPS * 3) / 4, dx: 0, dy: -1 },
] as const;

/**
 * A room whose first spawn has open road in at least two directions, so the test can point
 * somewhere other than the way the scooter faces (cities are random: an odd spawn has road on
 * one side only, and the test then has nowhere to turn).
 */
async function roomWithRoadToTurnOnto(node: GameNode): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = await createRoom(node);
    const city = node.rooms.get(code)!.world.city;
    const tile = city.spawns[0];
    const tx = tile % city.widthTiles;
    const ty = (tile - tx) / city.widthTiles;
    const open = DIRECTIONS.filter((d) => !isSolidTile(tileAt(city, tx + d.dx, ty + d.dy)) && !isSolidTile(tileAt(city, tx + 2 * d.dx, ty + 2 * d.dy)));
    if (open.length >= 2) return code;
  }
  throw new Error('no room in 20 whose spawn has road in two directions');
}

describe('point to steer over real sockets (protocol version 3)', () => {
  it('a point-steering client drives where it points, and its prediction is the server state', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const code = await roomWithRoadToTurnOnto(node);
    let control = 0;
    /** Predicted own position before each committed tick, as the pump committed it. */
    const predicted = new Map<number, { px: number; py: number; heading: number }>();
    const session: GameSession = new GameSession(
      { url: node.url, reconnect: false },
      {
        control: () => {
          const p = session.predictor;
          if (p !== null && p.initialized) predicted.set(p.tick, { px: p.state.px, py: p.state.py, heading: p.state.heading });
          return control;
        },
      },
    );
    onCleanup(() => session.leave());
    const welcome = await session.join(code, 'Pointer');
    const self = welcome.playerId;
    const room = node.rooms.get(code)!;
    const world = room.world;
    await waitFor('prediction running', () => session.predictor?.initialized === true && session.connection.connected);

    // From the spawn, the open road that needs the scooter to turn: the longest straight run
    // in a direction other than the one it faces.
    const tx = Math.floor(world.px[self] / TILE_QUANTA);
    const ty = Math.floor(world.py[self] / TILE_QUANTA);
    const run = (dx: number, dy: number) => {
      let n = 0;
      while (n < 12 && !isSolidTile(tileAt(world.city, tx + dx * (n + 1), ty + dy * (n + 1)))) n++;
      return n;
    };
    const choices = DIRECTIONS.filter((d) => d.heading !== world.heading[self]).map((d) => ({ ...d, run: run(d.dx, d.dy) }));
    const go = choices.reduce((a, b) => (b.run > a.run ? b : a));
    expect(go.run).toBeGreaterThanOrEqual(2);
    const start = { px: world.px[self], py: world.py[self] };

    control = packControl(0, packSteer(go.heading, STEER_THROTTLE_MAX));
    await waitFor('the scooter turned to the pointed heading', () => world.heading[self] === go.heading && world.speed[self] > 0);
    await waitFor('the scooter rode a tile and a half that way', () => {
      const along = (world.px[self] - start.px) * go.dx + (world.py[self] - start.py) * go.dy;
      return along >= 1.5 * TILE_QUANTA || world.speed[self] === 0;
    });
    const along = (world.px[self] - start.px) * go.dx + (world.py[self] - start.py) * go.dy;
    const across = Math.abs((world.px[self] - start.px) * go.dy - (world.py[self] - start.py) * go.dx);
    expect(along).toBeGreaterThanOrEqual(1.5 * TILE_QUANTA);
    // It turned on the spot toward the target and rode straight: barely any sideways drift.
    expect(across).toBeLessThan(TILE_QUANTA / 2);
    // Never past the target heading, never reversing.
    expect(world.heading[self]).toBe(go.heading);
    expect(world.speed[self]).toBeGreaterThanOrEqual(0);
    expect(world.steer[self]).toBe(packSteer(go.heading, STEER_THROTTLE_MAX));
    expect(world.buttons[self]).toBe(0);

    // Holding the same target (keep-alives only), every predicted tick is what the server shows.
    const steadyFrom = world.tick + 2;
    const compared: number[] = [];
    const mismatches: string[] = [];
    session.connection.on('snapshot', () => {
      const s = session.state!;
      const p = predicted.get(s.tick);
      if (s.tick < steadyFrom || p === undefined) return;
      compared.push(s.tick);
      if (p.px !== s.px[self] || p.py !== s.py[self] || p.heading !== s.heading[self]) mismatches.push(`${s.tick}: ${JSON.stringify(p)} vs ${s.px[self]},${s.py[self]},${s.heading[self]}`);
    });
    const correctionsBefore = session.corrections;
    await waitFor('a second of steady riding compared', () => compared.length >= 30);
    expect(mismatches).toEqual([]);
    expect(session.corrections).toBe(correctionsBefore);

    // Letting go (throttle 0 = no steer): it coasts to a stop, keeping its heading.
    control = 0;
    await waitFor('the scooter stopped', () => world.speed[self] === 0 && world.steer[self] === 0);
    expect(world.heading[self]).toBe(go.heading);
  });

  it('refuses a malformed steer target or buttons with a target, with PROTO_BAD_STEER, and applies neither', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const code = await createRoom(node);
    const socket = io(node.url, { transports: ['websocket'], parser: wireParser, auth: handshakeAuth('custom'), forceNew: true, reconnection: false });
    onCleanup(() => socket.disconnect());
    const errors: ErrorMessage[] = [];
    socket.on(ControlEvent.Error, (e: ErrorMessage) => errors.push(e));
    await nextEvent(socket, 'connect');
    socket.emit(ControlEvent.Join, { v: PROTOCOL_VERSION, code, name: 'Bad' });
    const [welcome] = await nextEvent<[{ playerId: number }]>(socket, ControlEvent.Welcome);
    const room = node.rooms.get(code)!;
    const tick = room.world.tick + 3;
    const noThrottle = encodeInput({ seq: 1, tick, control: 0 });
    noThrottle[10] = 0x00;
    noThrottle[11] = 0x0c; // heading 3072, throttle 0
    socket.emit(BINARY_EVENT, noThrottle);
    const both = encodeInput({ seq: 2, tick: tick + 1, control: packControl(0, packSteer(0, 15)) });
    both[9] = 1; // Up as well
    socket.emit(BINARY_EVENT, both);
    await waitFor('two refusals', () => errors.length >= 2);
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.PROTO_BAD_STEER, ErrorCode.PROTO_BAD_STEER]);
    expect(errors[0].message).toMatch(/steer/i);
    await waitFor('the stamped ticks passed', () => room.world.tick > tick + 3);
    expect(room.world.ackSeq[welcome.playerId]).toBe(0);
    expect(room.world.steer[welcome.playerId]).toBe(0);
    expect(room.world.speed[welcome.playerId]).toBe(0);
  });
});
