import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { Phase } from '../shared/sim/constants';
import { expect, joinByLink, snapshot, test } from './support/fixtures';
import type { NodeProcess } from '../server/process/node-process';
import { freePort } from '../server/process/ports';
import { startServer } from './support/server-process';

/**
 * Issue 12, "Console states", end to end in Chromium: the start button never restarts a round
 * silently, the classroom results say the lobby comes next, a removed student stays out until
 * let back in, and a lost room says so on both sides with a new room one click away.
 */

/** A student in a browser context of their own (own storage, so their own device id). */
async function student(browser: Browser, serverUrl: string, room: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await joinByLink(page, serverUrl, room, name);
  return page;
}

async function openClassroom(page: Page, serverUrl: string): Promise<string> {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${serverUrl}/teacher`);
  await page.getByTestId('create-classroom').click();
  await expect(page.getByTestId('teacher-console')).toBeVisible();
  return ((await page.getByTestId('room-code').textContent()) ?? '').trim();
}

test('restart asks first, classroom results point to the lobby, a removed student stays out until let back in', async ({ browser, page, serverUrl }) => {
  test.setTimeout(120_000);
  const code = await openClassroom(page, serverUrl);
  const ana = await student(browser, serverUrl, code, 'Ana');
  await expect(page.getByTestId('roster-row')).toHaveCount(1);

  await page.getByTestId('start-round').click();
  await expect(page.getByTestId('phase-line')).toHaveText(/Round 1/);
  // During the round the button restarts, and only after asking.
  const start = page.getByTestId('start-round');
  await expect(start).toHaveText('Restart round');
  await start.click();
  await expect(page.getByTestId('restart-confirm')).toBeVisible();
  await expect(page.getByTestId('restart-confirm')).toContainText('Restart round 1?');
  await page.getByTestId('restart-no').click();
  await expect(page.getByTestId('restart-confirm')).toBeHidden();
  await expect(page.getByTestId('phase-line')).toHaveText(/Round 1/);
  await start.click();
  await page.getByTestId('restart-yes').click();
  await expect(page.getByTestId('phase-line')).toHaveText(/Round 2/);
  await expect.poll(async () => (await snapshot(ana)).phase).toBe(Phase.Playing);

  // A classroom's results say what comes next: the lobby, not another round on a timer.
  await page.getByTestId('end-round').click();
  await expect(ana.getByTestId('results')).toBeVisible();
  await expect(ana.getByTestId('results-next')).toHaveText(/Back to the lobby in \d+ s\. Your teacher starts the next round\./);
  await expect(ana.getByTestId('results-next')).not.toHaveText(/Next round/);
  await expect(page.getByTestId('start-round')).toHaveText('Start round');

  // Removed: told so, and the same browser cannot come back in by the code...
  await page.getByTestId('roster-row').filter({ hasText: 'Ana' }).getByTestId('kick').click();
  await expect(ana.getByTestId('start-message')).toHaveText(/removed you/);
  await expect(page.getByTestId('removed-list')).toContainText('Ana');
  await ana.getByTestId('name-input').fill('Ana');
  await ana.getByTestId('code-input').fill(code);
  await ana.getByTestId('join-room').click();
  await expect(ana.getByTestId('start-message')).toHaveText('Your teacher removed you from this room. Ask your teacher to let you back in.');
  // ...nor by reloading the link under another name.
  await ana.goto(`${serverUrl}/?room=${code}&name=Anna`);
  await expect(ana.getByTestId('start-message')).toHaveText(/Ask your teacher to let you back in/);
  await expect(page.getByTestId('roster-row')).toHaveCount(0);

  // The teacher lets her back in: the list empties and the same browser joins.
  await page.getByTestId('let-back-in').click();
  await expect(page.getByTestId('removed')).toBeHidden();
  await ana.getByTestId('join-room').click();
  await ana.waitForFunction(() => window.roundtrip?.snapshot().connected === true);
  await expect(page.getByTestId('roster-name')).toHaveText(['Anna']);

  // Korean: the same states in the other language.
  await page.getByTestId('start-round').click();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('start-round')).toHaveText('라운드 다시 시작');
  await page.getByTestId('start-round').click();
  await expect(page.getByTestId('restart-confirm')).toContainText('3 라운드를 다시 시작할까요?');
  await page.getByTestId('restart-no').click();
  await expect.poll(async () => (await snapshot(ana)).phase).toBe(Phase.Playing);
  await ana.context().close();
});

test.describe('a room lost in a crash', () => {
  // The crash drops sockets (a request in flight at the kill is reset, later ones are refused)
  // and the gone room answers 404: the browser logs each.
  test.use({ allowConsoleErrors: /WebSocket connection|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|status of 404|socket\.io/ });
  let server: NodeProcess | null = null;
  let dir = '';

  test.afterEach(async () => {
    await server?.stop('SIGKILL');
    server = null;
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('the console says the room is gone and opens a new one in one click; the student is told the room is gone', async ({ browser, page }) => {
    test.setTimeout(120_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-lost-'));
    const stateFile = path.join(dir, 'rooms.json');
    const port = await freePort();
    const env = { ROOM_STATE_FILE: stateFile, JWT_SECRET: 'console-states-e2e-secret-0123456789abcdef', RESUME_GRACE_MS: '30000' };
    server = await startServer(env, port);
    const url = `http://127.0.0.1:${port}`;
    const code = await openClassroom(page, url);
    const ana = await student(browser, url, code, 'Ana');
    await expect(page.getByTestId('roster-row')).toHaveCount(1);

    // A crash before anything could be saved: kill -9, and no saved rooms for the next start.
    await server.stop('SIGKILL');
    rmSync(stateFile, { force: true });
    server = await startServer(env, port);

    await expect(page.getByTestId('lost-room')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('lost-room-text')).toContainText(`Room ${code} no longer exists`);
    await expect(ana.getByTestId('start-screen')).toBeVisible({ timeout: 30_000 });
    await expect(ana.getByTestId('start-message')).toHaveText(`Room ${code} is gone: its server stopped before the room could be saved, or the room closed. Ask your teacher for the new room code.`);
    await expect(ana.getByTestId('code-input')).toHaveValue('');

    await page.getByTestId('open-fresh-room').click();
    await expect(page.getByTestId('lost-room')).toBeHidden();
    const fresh = ((await page.getByTestId('room-code').textContent()) ?? '').trim();
    expect(fresh).toMatch(/^[A-Z0-9]{4,}$/);
    expect(fresh).not.toBe(code);
    await expect(page.getByTestId('join-url')).toContainText(`/?room=${fresh}`);
    await expect(page.getByTestId('join-qr')).toHaveAttribute('data-ready', 'true');
    expect(new URL(page.url()).searchParams.get('room')).toBe(fresh);

    // The class joins the new room with its code.
    await ana.getByTestId('code-input').fill(fresh);
    await ana.getByTestId('join-room').click();
    await ana.waitForFunction(() => window.roundtrip?.snapshot().connected === true);
    await expect(page.getByTestId('roster-name')).toHaveText(['Ana']);
    await ana.context().close();
  });
});
