import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../bots/bot-player';
import { frameRecording } from '../shared/replay/recording-file';
import { RecordingWriter } from '../shared/replay/recording-writer';
import { EndReason, KeyframeReason } from '../shared/replay/replay-format';
import { addPlayer } from '../shared/sim/players';
import { startRound } from '../shared/sim/round';
import { createInputFrame, createWorld, DEFAULT_WORLD_CONFIG } from '../shared/sim/world';
import { step } from '../shared/sim/step';
import { Room } from './rooms/room';
import { RoomDriver, testRoomOptions } from './test-support/room-driver';
import { startTestNode } from './test-support/start-test-node';
import { cleanupAfterEach } from './test-support/test-cleanups';
import { waitFor } from './test-support/wait-for';

const ROOT = path.resolve(import.meta.dirname, '..');
const onCleanup = cleanupAfterEach();

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/replay-cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function tempFile(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rt-replay-cli-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** A real room's round, played in process. */
function playedRound(): Uint8Array {
  const room = new Room(testRoomOptions(), 0);
  const driver = new RoomDriver(room, 17);
  for (let i = 0; i < 3; i++) driver.join();
  room.startRound();
  driver.run(40 * 30 + 5, () => {
    if (room.world.tick % 30 === 0) room.recorder.cut();
  });
  return frameRecording(room.recorder.outbox.finished[0].chunks);
}

/** A recording that claims a delivery its inputs never made. */
function lyingRound(): Uint8Array {
  const world = createWorld({ ...DEFAULT_WORLD_CONFIG, seed: 3, maxPlayers: 4, autoRounds: false });
  addPlayer(world, 0);
  startRound(world);
  const writer = new RecordingWriter(4);
  writer.header({ code: 'LIAR', round: 1, startedAtEpochMs: 0, config: world.config, ticksPerSnapshot: 1, keyframeEveryTicks: 150, houseCount: world.city.houses.length, names: [{ slot: 0, name: 'Ana' }] });
  writer.keyframe(world.tick, KeyframeReason.Start, world);
  writer.delivery(world.tick + 5, 0, 1, 180);
  const idle = createInputFrame(4);
  for (let t = 0; t < 10; t++) step(world, idle);
  writer.keyframe(world.tick, KeyframeReason.Final, world);
  writer.end(world.tick, EndReason.TeacherEnded);
  return frameRecording([writer.cut()!]);
}

describe('npm run replay -- --verify', () => {
  it('a real round verifies (exit 0, the standings printed); a lying one does not (exit 1); garbage is unreadable (exit 2)', async () => {
    const good = await runCli(['--verify', tempFile('good.replay', playedRound())]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/room TESTRM, round 1: 40\.0 s/);
    expect(good.stdout).toMatch(/final standings:\n +1\. P\d/);
    expect(good.stdout).toMatch(/verified: the replay reproduces every keyframe, delivery and score/);

    const lying = await runCli(['--verify', tempFile('lying.replay', lyingRound()), '--json']);
    expect(lying.code).toBe(1);
    const report = JSON.parse(lying.stdout) as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/^delivery 1: recorded slot 0 x1 for 180 at tick \d+, replay made none/);

    const garbage = await runCli(['--verify', tempFile('garbage.replay', Uint8Array.of(1, 2, 3, 4, 5, 6))]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/REPLAY_BAD_MAGIC/);
    expect((await runCli(['--verify', '/nonexistent/file'])).code).toBe(2);
  }, 60_000);

  it('fetches a URL with the room token (and says so when the token is missing)', async () => {
    const n = await startTestNode();
    onCleanup(() => n.stop());
    const { code, teacherToken } = (await (await fetch(`${n.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { code: string; teacherToken: string };
    const bot = new BotPlayer({ url: n.url, name: 'Ana' });
    onCleanup(() => bot.stop());
    await bot.join(code);
    const post = (action: string, body = {}) => fetch(`${n.url}/api/rooms/${code}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${teacherToken}` }, body: JSON.stringify(body) });
    await post('start', { roundSeconds: 60 });
    const room = n.rooms.get(code)!;
    const from = room.world.tick;
    await waitFor('a second of play', () => room.world.tick > from + 30);
    await post('end');
    const url = `${n.url}/api/rooms/${code}/rounds/1/replay`;
    await waitFor('stored', async () => (await fetch(url, { headers: { authorization: `Bearer ${teacherToken}` } })).status === 200);
    const ok = await runCli(['--verify', url, '--token', teacherToken]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`room ${code}, round 1`));
    const anonymous = await runCli(['--verify', url]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/answered 401: This needs a Bearer token\. \(pass --token\)/);
  }, 60_000);
});
