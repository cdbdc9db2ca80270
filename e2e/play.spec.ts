import { createRoom, expect, joinByLink, keyAhead, self, snapshot, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { BotPlayer } from '../bots/bot-player';

test('two players in one room: one drives with the keyboard, the other sees it move', async ({ browser, serverUrl }) => {
  const room = await createRoom(serverUrl);
  const driver = await (await browser.newContext()).newPage();
  const watcher = await (await browser.newContext()).newPage();
  const d = await joinByLink(driver, serverUrl, room, 'Driver');
  await joinByLink(watcher, serverUrl, room, '<b>Watcher</b>');
  const driverId = d.selfId;
  const seen = (await snapshot(watcher)).players.find((p) => p.id === driverId);
  expect(seen?.name).toBe('Driver');
  // Names are text, never HTML: the markup arrives as the literal string.
  await expect.poll(async () => (await snapshot(driver)).players.map((p) => p.name)).toContain('<b>Watcher</b>');

  // The key the scooter faces at its spawn rides on along the road.
  const ahead = keyAhead(self(d).heading);
  await driver.keyboard.down(ahead);
  await expect
    .poll(async () => {
      const p = (await snapshot(watcher)).players.find((q) => q.id === driverId);
      return p === undefined || seen === undefined ? 0 : Math.hypot(p.x - seen.x, p.y - seen.y);
    })
    .toBeGreaterThan(40);
  await driver.keyboard.up(ahead);
  await driver.context().close();
  await watcher.context().close();
});

test('players pick up and deliver pizzas, and the score rises on both screens', async ({ browser, serverUrl }) => {
  test.setTimeout(120_000);
  const room = await createRoom(serverUrl);
  const rider = await (await browser.newContext()).newPage();
  const watcher = await (await browser.newContext()).newPage();
  // A Node bot is the reliable deliverer; the browser rider rides on autopilot (?autopilot=1,
  // the bots' steering through the page's own input path) and picks pizzas up at the shop.
  const bot = new BotPlayer({ url: serverUrl, name: 'Deliverer' });
  try {
    await joinByLink(rider, serverUrl, room, 'Rider', '&autopilot=1');
    await expect(rider.getByTestId('autopilot')).toBeVisible();
    await joinByLink(watcher, serverUrl, room, 'Watcher');
    const welcome = await bot.join(room);
    const botScore = async (page: Page) => (await snapshot(page)).players.find((p) => p.id === welcome.playerId)?.score ?? 0;
    await expect.poll(async () => self(await snapshot(rider)).carrying, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(rider.getByTestId('hud-carrying')).not.toHaveAttribute('data-count', '0');
    await expect.poll(() => botScore(watcher), { timeout: 100_000 }).toBeGreaterThan(0);
    await expect.poll(() => botScore(rider)).toBeGreaterThan(0);
  } finally {
    bot.stop();
    await rider.context().close();
    await watcher.context().close();
  }
});
