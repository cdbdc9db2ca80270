import { describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import { ControlEvent, type NetworkConditionsMessage } from '../../shared/protocol/control-messages';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';
import type { RoomView } from './teacher-action';

const onCleanup = cleanupAfterEach();

async function classroom(n: GameNode): Promise<{ code: string; teacherToken: string }> {
  const response = await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await response.json()) as { code: string; teacherToken: string };
}

function act(n: GameNode, code: string, token: string, body: object): Promise<Response> {
  return fetch(`${n.url}/api/rooms/${code}/conditions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

function student(n: GameNode): GameConnection {
  const connection = new GameConnection({ url: n.url, pingIntervalMs: 200 });
  onCleanup(() => connection.close());
  return connection;
}

/** What the server told this student about their network (the banner's source). */
function conditionsSeen(connection: GameConnection): NetworkConditionsMessage[] {
  const seen: NetworkConditionsMessage[] = [];
  connection.socket.on(ControlEvent.Conditions, (message: NetworkConditionsMessage) => seen.push(message));
  return seen;
}

describe("a teacher's network conditions (issues #12, #13)", () => {
  it("'everyone' means this room only: a player in another room on the node keeps a clean connection", async () => {
    const n = await startTestNode();
    onCleanup(() => n.stop());
    const a = await classroom(n);
    const b = await classroom(n);
    const inA = student(n);
    const inB = student(n);
    const toldA = conditionsSeen(inA);
    await inA.join(a.code, 'Ana');
    await inB.join(b.code, 'Ben');
    await waitFor('first RTTs', () => Number.isFinite(inA.lastRttMs) && Number.isFinite(inB.lastRttMs));
    expect((await act(n, a.code, a.teacherToken, { conditions: { latencyMs: 300 } })).status).toBe(200);
    // 300 ms each way: RTTs of about 600 ms in room A, while room B stays on loopback.
    await waitFor('room A slowed down', () => inA.lastRttMs >= 550, 10_000);
    const rttsInB: number[] = [];
    inB.on('pong', (rtt) => rttsInB.push(rtt));
    await waitFor('a few pings in room B', () => rttsInB.length >= 5, 10_000);
    expect(Math.max(...rttsInB)).toBeLessThan(200);
    expect(toldA.at(-1)).toEqual({ conditions: { latencyMs: 300, jitterMs: 0, lossPct: 0 } });
    // A player who joins room A later gets the room's conditions too.
    const late = student(n);
    const toldLate = conditionsSeen(late);
    await late.join(a.code, 'Cat');
    await waitFor('the late joiner told', () => toldLate.some((m) => m.conditions?.latencyMs === 300));
  }, 30_000);

  it("one student's conditions survive a drop and a resume, and can be cleared while they are offline", async () => {
    const n = await startTestNode();
    onCleanup(() => n.stop());
    const room = await classroom(n);
    const first = student(n);
    const welcome = await first.join(room.code, 'Dee');
    await act(n, room.code, room.teacherToken, { playerId: welcome.playerId, conditions: { latencyMs: 200, lossPct: 10 } });
    first.close();
    const view = async () => (await (await fetch(`${n.url}/api/rooms/${room.code}/teacher`, { headers: { authorization: `Bearer ${room.teacherToken}` } })).json()) as RoomView;
    await waitFor('the student offline', async () => (await view()).players.find((p) => p.id === welcome.playerId)?.connected === false);
    expect((await view()).players.find((p) => p.id === welcome.playerId)!.conditions).toMatchObject({ latencyMs: 200, lossPct: 10 });

    const back = student(n);
    const told = conditionsSeen(back);
    await back.resume(welcome.resumeToken);
    await waitFor('told again after the resume', () => told.some((m) => m.conditions?.latencyMs === 200));
    back.close();
    await waitFor('offline again', async () => (await view()).players.find((p) => p.id === welcome.playerId)?.connected === false);
    // Clear works for an offline student (it answered 409 PLAYER_OFFLINE before).
    expect((await act(n, room.code, room.teacherToken, { playerId: welcome.playerId, conditions: { latencyMs: 0 } })).status).toBe(200);
    expect((await view()).players.find((p) => p.id === welcome.playerId)!.conditions).toBeNull();
  }, 30_000);
});
