import { createRoom, expect, joinByLink, snapshot, test } from './support/fixtures';

test('Phaser renders with WebGL in headless Chromium and the page shows the game', async ({ page, serverUrl }, testInfo) => {
  const room = await createRoom(serverUrl);
  await joinByLink(page, serverUrl, room, 'Renderer');
  await expect.poll(async () => (await snapshot(page)).renderer).toBe('webgl');
  await expect(page.getByTestId('hud-room')).toHaveText(room);
  await expect(page.locator('#game canvas')).toBeVisible();
  await testInfo.attach('game.png', { body: await page.screenshot(), contentType: 'image/png' });
});
