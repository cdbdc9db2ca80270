import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { GameConnection, JoinRefusedError } from '../../client/net/game-connection';
import { SpectatorConnection } from '../../client/replay/spectator-connection';
import { encodeInput } from '../../shared/protocol/input-codec';
import { ErrorCode } from '../../shared/protocol/error-code';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();

async function classroom(n: GameNode): Promise<{ code: string; teacherToken: string }> {
  const response = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await response.json()) as { code: string; teacherToken: string };
}

function spectator(n: GameNode): SpectatorConnection {
  const s = new SpectatorConnection({ url: n.url });
  onCleanup(() => s.close());
  return s;
}

describe('a spectator watches a room live without a seat (issue 14)', () => {
  it('takes the room\'s broadcast, holds no slot even in a full room, and sends no inputs', async () => {
    const n = await startTestNode({ maxPlayersPerRoom: 2, unjoinedTimeoutMs: 1000 });
    onCleanup(() => n.stop());
    const { code, teacherToken } = await classroom(n);
    const bots = ['Ana', 'Bo'].map((name, i) => {
      const b = new BotPlayer({ url: n.url, name, quirk: i });
      onCleanup(() => b.stop());
      return b;
    });
    for (const b of bots) await b.join(code);
    const watcher = spectator(n);
    const watching = await watcher.watch(code, teacherToken);
    expect(watching).toMatchObject({ room: code, maxPlayers: 2, players: [{ id: 0, name: 'Ana' }, { id: 1, name: 'Bo' }] });
    // Everyone the room has, moving as its players see them.
    await waitFor('the spectator synced', () => watcher.decoder?.synced === true);
    const tick = watcher.decoder!.state.tick;
    await waitFor('a second of broadcasts', () => watcher.decoder!.state.tick > tick + 30);
    expect(watcher.snapshots).toBeGreaterThan(25);
    const state = watcher.decoder!.state;
    expect([state.active[0], state.active[1]]).toEqual([1, 1]);
    const room = n.rooms.get(code)!;
    // The same bytes as the players: at the same tick, the same positions as a player's client decoded.
    const player = bots[0].connection.decoder!.state;
    await waitFor('the spectator and a player at the same tick', () => player.tick === state.tick, 5000, 2);
    expect(Array.from(state.px)).toEqual(Array.from(player.px));
    expect(Array.from(state.py)).toEqual(Array.from(player.py));
    // No seat: the room is still full with its two players, and a third is refused.
    expect(room.playerCount).toBe(2);
    expect(n.seats.seatsOf(code).filter((s) => s !== null)).toHaveLength(2);
    const info = (await (await fetch(`${n.url}/api/rooms/${code}`)).json()) as { players: number; capacity: number };
    expect(info).toMatchObject({ players: 2, capacity: 2 });
    const third = new GameConnection({ url: n.url, reconnect: false });
    onCleanup(() => third.close());
    await expect(third.join(code, 'Chul')).rejects.toMatchObject({ code: ErrorCode.ROOM_FULL } satisfies Partial<JoinRefusedError>);
    // (Closed now: a connection without a seat would be closed by the unjoined timeout below.)
    third.close();
    // An input from the spectator reaches no slot: refused, and the room is unchanged.
    const refused = new Promise<{ code: string }>((resolve) => watcher.socket.once('error', resolve));
    watcher.socket.emit(BINARY_EVENT, encodeInput({ seq: 1, tick: room.world.tick, control: 1 }));
    expect((await refused).code).toBe(ErrorCode.NOT_IN_ROOM);
    // Past the unjoined timeout (1 s), a spectator is still connected and still receiving.
    const later = watcher.snapshots;
    await waitFor('a second and a half more of broadcasts', () => watcher.snapshots > later + 45, 10_000);
    expect(watcher.socket.connected).toBe(true);
    expect(n.stats.idleConnectionsClosed).toBe(0);
    // The roster reaches it too: a player leaves, the spectator hears.
    const roster = new Promise<{ players: unknown[] }>((resolve) => watcher.on('roster', resolve));
    bots[1].leave();
    expect((await roster).players).toHaveLength(1);
  }, 30_000);

  it('needs the room\'s teacher token', async () => {
    const n = await startTestNode();
    onCleanup(() => n.stop());
    const { code } = await classroom(n);
    const other = await classroom(n);
    const student = new GameConnection({ url: n.url, reconnect: false });
    onCleanup(() => student.close());
    const welcome = await student.join(code, 'Ana');
    const session = await fetch(`${n.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken: welcome.resumeToken }) });
    const { playerToken } = (await session.json()) as { playerToken: string };
    for (const token of [playerToken, other.teacherToken, 'not-a-token']) {
      await expect(spectator(n).watch(code, token)).rejects.toMatchObject({ code: ErrorCode.WATCH_REFUSED });
    }
    expect(n.seats.spectatorsOf(code)).toHaveLength(0);
  });
});
