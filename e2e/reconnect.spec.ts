import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AHEAD_KEYS, createRoom, expect, joinByLink, keyAhead, self, snapshot, test } from './support/fixtures';
import { startServer } from './support/server-process';

// Chromium logs a failed WebSocket handshake, and a send racing the close, as console errors
// while the server is away.
test.use({ allowConsoleErrors: /WebSocket connection to .* failed|WebSocket is already in CLOSING or CLOSED state|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET/ });

test('the network drops: the page shows it is reconnecting, then resumes with the same score', async ({ page, context, serverUrl }) => {
  test.setTimeout(150_000);
  const room = await createRoom(serverUrl);
  // The autopilot earns a score first, so "the same score" compares something real.
  const joined = await joinByLink(page, serverUrl, room, 'Dropper', '&autopilot=1');
  // Usually it has scored within seconds; the assertion below (nothing lost) holds either way.
  for (let waited = 0; waited < 45_000 && self(await snapshot(page)).score === 0; waited += 500) await page.waitForTimeout(500);
  const before = self(await snapshot(page));
  await context.setOffline(true);
  await expect(page.getByTestId('status-banner')).toBeVisible();
  await expect(page.getByTestId('status-banner')).toHaveText(/reconnecting/);
  expect((await snapshot(page)).reconnecting).toBe(true);
  await context.setOffline(false);
  await page.waitForFunction(() => window.roundtrip.snapshot().connected, undefined, { timeout: 40_000 });
  await expect(page.getByTestId('status-banner')).toBeHidden();
  const after = await snapshot(page);
  expect(after.selfId).toBe(joined.selfId);
  // Nothing was lost while away (the parked scooter could not score; once back, the autopilot
  // may already have delivered again).
  expect(self(after).score).toBeGreaterThanOrEqual(before.score);

  // A reload resumes the same seat from sessionStorage.
  await page.reload();
  await page.waitForFunction(() => window.roundtrip?.snapshot().connected);
  expect((await snapshot(page)).selfId).toBe(joined.selfId);
  // And the resumed page can still drive (input seqs continue after the server's ack). The key
  // the scooter faces first; the autopilot may have left it facing the city's edge or a block
  // (a CI run saw it parked facing north on the top road), so then the other ways round.
  const ahead = keyAhead(self(await snapshot(page)).heading);
  const moves = async (key: string): Promise<boolean> => {
    const from = self(await snapshot(page));
    await page.keyboard.down(key);
    try {
      await expect
        .poll(
          async () => {
            const me = self(await snapshot(page));
            return Math.hypot(me.x - from.x, me.y - from.y);
          },
          { timeout: 8_000 },
        )
        .toBeGreaterThan(20);
      return true;
    } catch {
      return false;
    } finally {
      await page.keyboard.up(key);
    }
  };
  let moved: string | undefined;
  for (const key of [ahead, ...AHEAD_KEYS.filter((k) => k !== ahead)]) {
    if (await moves(key)) {
      moved = key;
      break;
    }
  }
  expect(moved, 'the scooter moved for none of the four arrow keys').toBeDefined();
});

test('the server restarts: the page reconnects to the new process and resumes with the same score', async ({ page }) => {
  test.setTimeout(120_000);
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'roundtrip-e2e-')), 'rooms.json');
  const env = { ROOM_STATE_FILE: stateFile, RESUME_GRACE_MS: '30000' };
  let server = await startServer(env);
  try {
    const room = await createRoom(server.url);
    const joined = await joinByLink(page, server.url, room, 'Survivor');
    const before = self(joined);
    await server.stop('SIGTERM');
    await expect(page.getByTestId('status-banner')).toBeVisible();
    expect((await snapshot(page)).reconnecting).toBe(true);
    server = await startServer(env, server.port);
    await page.waitForFunction(() => window.roundtrip.snapshot().connected, undefined, { timeout: 30_000 });
    const after = await snapshot(page);
    expect(after.room).toBe(room);
    expect(after.selfId).toBe(joined.selfId);
    expect(self(after).name).toBe('Survivor');
    expect(self(after).score).toBe(before.score);
    await expect(page.getByTestId('status-banner')).toBeHidden();
  } finally {
    await server.stop();
  }
});
