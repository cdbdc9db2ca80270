import { copyFileSync } from 'node:fs';
import { BotPlayer } from '../bots/bot-player';
import { createRoom, expect, joinByLink, snapshot, test } from './support/fixtures';

/**
 * A picture of a running game with a few bots riding, attached to the report. With
 * SCREENSHOT_OUT=docs/screenshot.png it also refreshes the README's screenshot.
 */
test('screenshot of a live game', async ({ page, serverUrl }, testInfo) => {
  const room = await createRoom(serverUrl);
  const bots = [0, 1, 2].map((i) => new BotPlayer({ url: serverUrl, name: ['Minji', 'Tom', 'Seo-yeon'][i], quirk: i }));
  try {
    for (const bot of bots) await bot.join(room);
    await page.setViewportSize({ width: 1280, height: 720 });
    await joinByLink(page, serverUrl, room, 'You');
    await page.keyboard.down('ArrowUp');
    await expect.poll(async () => (await snapshot(page)).players.filter((p) => p.connected).length).toBe(4);
    await expect.poll(async () => (await snapshot(page)).orderExpireTick.some((t) => t > 0)).toBe(true);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.press('KeyI');
    await expect(page.getByTestId('inspector-tick')).not.toHaveText('–');
    const file = testInfo.outputPath('game.png');
    await page.screenshot({ path: file });
    await testInfo.attach('game', { path: file, contentType: 'image/png' });
    if (process.env.SCREENSHOT_OUT) copyFileSync(file, process.env.SCREENSHOT_OUT);
  } finally {
    for (const bot of bots) bot.stop();
  }
});
