import { chmodSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../process/ports';
import { startNodeProcess } from '../process/node-process';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { AuthTokens } from './auth-tokens';

const onCleanup = cleanupAfterEach();

/** The files `npm start` keeps in the temp folder for a node on `port` (server/main.ts). */
function tempFiles(port: number) {
  const secret = path.join(os.tmpdir(), `roundtrip-dev-secret-${port}`);
  const rooms = path.join(os.tmpdir(), `roundtrip-rooms-${port}.json`);
  onCleanup(() => {
    for (const f of readdirSync(os.tmpdir())) if (f.startsWith(`roundtrip-rooms-${port}.json`)) rmSync(path.join(os.tmpdir(), f), { force: true });
    rmSync(secret, { force: true });
  });
  return { secret, rooms };
}

/** Issue 13 §5, against `npm start`'s own process (server/main.ts), as a user would run it. */
describe('npm start and the files in the temp folder', () => {
  it('a planted world-readable secret is not used: a token forged with it is refused', async () => {
    const port = await freePort();
    const files = tempFiles(port);
    const planted = 'a-secret-another-user-planted-0123456789';
    writeFileSync(files.secret, planted);
    // writeFileSync keeps the mode of a file already there (a node that ran on this port
    // before left its own 0600 secret): set it, or the planted secret reads as the node's own.
    chmodSync(files.secret, 0o644);
    const node = await startNodeProcess({ PORT: String(port) });
    onCleanup(() => node.stop());
    // The port is ours (the file names carry it), not the one the harness picked.
    const url = `http://127.0.0.1:${port}`;
    const created = await fetch(`${url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code } = (await created.json()) as { code: string };
    const forged = await new AuthTokens(planted).signTeacher(code);
    const lock = await fetch(`${url}/api/rooms/${code}/lock`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` }, body: '{}' });
    expect(lock.status).toBe(401);
    expect(statSync(files.secret).mode & 0o777).toBe(0o600);
    expect(node.output()).toContain('refusing the development secret file');
  }, 40_000);

  it('a corrupt saved-rooms file does not stop the start: it is moved aside, logged, and the node starts empty; saved rooms are private', async () => {
    const port = await freePort();
    const files = tempFiles(port);
    writeFileSync(files.rooms, '{"savedAtEpochMs": 1, "rooms": [{"v": 1, "opt', { mode: 0o600 });
    const node = await startNodeProcess({ PORT: String(port) });
    onCleanup(() => node.stop());
    // The port is ours (the file names carry it), not the one the harness picked.
    const url = `http://127.0.0.1:${port}`;
    expect(node.output()).toContain('the saved rooms file is corrupt');
    expect(existsSync(files.rooms)).toBe(false);
    expect(readdirSync(os.tmpdir()).some((f) => f.startsWith(`roundtrip-rooms-${port}.json.corrupt-`))).toBe(true);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { rooms: number };
    expect(health.rooms).toBe(0);

    // A room saved at a graceful stop is written 0600 (it holds the players' resume tokens).
    expect((await fetch(`${url}/api/rooms`, { method: 'POST' })).status).toBe(201);
    await node.stop();
    expect(statSync(files.rooms).mode & 0o777).toBe(0o600);
  }, 40_000);
});
