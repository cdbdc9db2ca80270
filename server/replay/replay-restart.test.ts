import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { readRecording } from '../../shared/replay/recording-reader';
import { KeyframeReason } from '../../shared/replay/replay-format';
import { verifyRecording } from '../../shared/replay/verify-recording';
import type { RoundInfo } from '../cluster/replay-store';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();
const JWT_SECRET = 'replay-restart-test-secret-0123456789abcdef';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function act(n: GameNode, code: string, action: string, token: string, body: object = {}): Promise<void> {
  const response = await fetch(`${n.url}/api/rooms/${code}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function rounds(n: GameNode, code: string, token: string): Promise<RoundInfo[]> {
  return ((await (await fetch(`${n.url}/api/rooms/${code}/rounds`, { headers: bearer(token) })).json()) as { rounds: RoundInfo[] }).rounds;
}

describe('one node: recordings outlive a restart, with the saved rooms (issue 14)', () => {
  it('a finished round is still served after the restart, and the running one goes on recording', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rt-replay-restart-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const options = { roomStateFile: path.join(dir, 'rooms.json'), jwtSecret: JWT_SECRET };
    const first = await startTestNode(options);
    let firstStopped = false;
    onCleanup(() => (firstStopped ? undefined : first.stop()));
    const { code, teacherToken } = (await (await fetch(`${first.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { code: string; teacherToken: string };
    const player = new BotPlayer({ url: first.url, name: 'Ana' });
    onCleanup(() => player.stop());
    await player.join(code);
    const room = first.rooms.get(code)!;
    await act(first, code, 'start', teacherToken, { roundSeconds: 60 });
    const t1 = room.world.tick;
    await waitFor('a second of round 1', () => room.world.tick > t1 + 30);
    await act(first, code, 'end', teacherToken);
    await waitFor('round 1 stored', async () => (await rounds(first, code, teacherToken)).some((r) => r.round === 1 && r.status === 'finished'));
    const round1 = (await rounds(first, code, teacherToken))[0];
    await act(first, code, 'start', teacherToken, { roundSeconds: 60 });
    const t2 = room.world.tick;
    await waitFor('two seconds of round 2', () => room.world.tick > t2 + 60);
    player.stop();
    await first.stop();
    firstStopped = true;
    // Each finished recording is one private file beside the saved rooms.
    const folder = path.join(dir, 'rooms-replays');
    const files = readdirSync(folder);
    expect(files).toEqual([`${code}-1.replay.json`]);
    expect(statSync(path.join(folder, files[0])).mode & 0o777).toBe(0o600);

    const second = await startTestNode(options);
    onCleanup(() => second.stop());
    expect(second.rooms.get(code)).toBeDefined();
    await waitFor('the running round listed again', async () => (await rounds(second, code, teacherToken)).length === 2);
    const listed = await rounds(second, code, teacherToken);
    expect(listed.map((r) => [r.round, r.status])).toEqual([
      [1, 'finished'],
      [2, 'running'],
    ]);
    expect(listed[0].etag).toBe(round1.etag);
    const again = await fetch(`${second.url}/api/rooms/${code}/rounds/1/replay`, { headers: { ...bearer(teacherToken), 'if-none-match': round1.etag! } });
    expect(again.status).toBe(304);

    const restored = second.rooms.get(code)!;
    const t3 = restored.world.tick;
    await waitFor('a second on the restarted node', () => restored.world.tick > t3 + 30);
    await act(second, code, 'end', teacherToken);
    await waitFor('round 2 stored', async () => (await rounds(second, code, teacherToken)).some((r) => r.round === 2 && r.status === 'finished'));
    const response = await fetch(`${second.url}/api/rooms/${code}/rounds/2/replay`, { headers: bearer(teacherToken) });
    const decoded = readRecording(new Uint8Array(await response.arrayBuffer()));
    if (!decoded.ok) throw new Error(decoded.message);
    const reasons = decoded.value.keyframes.map((i) => (decoded.value.events[i] as { reason: number }).reason);
    expect(reasons.filter((r) => r === KeyframeReason.Restored)).toHaveLength(1);
    expect(verifyRecording(decoded.value).problems).toEqual([]);
  }, 60_000);
});
