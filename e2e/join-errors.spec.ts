import { createRoom, expect, joinByLink, snapshot, test } from './support/fixtures';
import type { NodeProcess } from '../server/process/node-process';
import { startServer } from './support/server-process';

test('a wrong room code shows ROOM_NOT_FOUND on the start screen', async ({ page, serverUrl }) => {
  await page.goto(serverUrl);
  await page.getByTestId('name-input').fill('Lost');
  await page.getByTestId('code-input').fill('ZZZZZZ');
  await page.getByTestId('join-room').click();
  await expect(page.getByTestId('start-message')).toHaveText(/no room with that code/);
  expect((await snapshot(page)).connected).toBe(false);
});

test('a name someone in the room already has is refused in the student\'s language', async ({ browser, page, serverUrl }) => {
  const room = await createRoom(serverUrl);
  await joinByLink(page, serverUrl, room, 'Dana');
  const korean = await (await browser.newContext({ locale: 'ko-KR' })).newPage();
  await korean.goto(`${serverUrl}/?room=${room}`);
  await korean.getByTestId('name-input').fill('Dana');
  await korean.getByTestId('join-room').click();
  await expect(korean.getByTestId('start-message')).toHaveText('이 방에 이미 “Dana”(이)라는 사람이 있어요. 다른 이름을 골라 주세요.');
  expect((await snapshot(korean)).connected).toBe(false);
});

test.describe('a small server', () => {
  let server: NodeProcess;
  test.beforeAll(async () => {
    server = await startServer({ MAX_PLAYERS_PER_ROOM: '1', ROUND_SECONDS: '5', RESULTS_SECONDS: '30' });
  });
  test.afterAll(async () => {
    await server.stop();
  });

  test('creating a room from the start screen, then a full room refuses the next player, and the round ends in results', async ({ browser }) => {
    const first = await (await browser.newContext()).newPage();
    await first.goto(server.url);
    await first.getByTestId('name-input').fill('Host');
    await first.getByTestId('create-room').click();
    await first.waitForFunction(() => window.roundtrip.snapshot().connected);
    const room = (await snapshot(first)).room;
    expect(room).toMatch(/^[A-Z0-9]+$/);

    const second = await (await browser.newContext()).newPage();
    await second.goto(`${server.url}/?room=${room}`);
    await expect(second.getByTestId('code-input')).toHaveValue(room ?? '');
    await second.getByTestId('name-input').fill('Late');
    await second.getByTestId('join-room').click();
    await expect(second.getByTestId('start-message')).toHaveText(/room is full/);

    // ROUND_SECONDS=5: the round ends and the ranking shows the host.
    await expect(first.getByTestId('results')).toBeVisible({ timeout: 15_000 });
    await expect(first.getByTestId('results-list')).toContainText('Host');
    await first.context().close();
    await second.context().close();
  });
});

test('the join link fills in the code and joins straight away', async ({ page, serverUrl }) => {
  const response = await fetch(`${serverUrl}/api/rooms`, { method: 'POST' });
  const { code } = (await response.json()) as { code: string };
  const s = await joinByLink(page, serverUrl, code, 'Linked');
  expect(s.room).toBe(code);
  await expect(page.getByTestId('start-screen')).toBeHidden();
});
