import { createRoom, expect, joinByLink, self, snapshot, test } from './support/fixtures';
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

  await driver.keyboard.down('ArrowUp');
  await expect
    .poll(async () => {
      const p = (await snapshot(watcher)).players.find((q) => q.id === driverId);
      return p === undefined || seen === undefined ? 0 : Math.hypot(p.x - seen.x, p.y - seen.y);
    })
    .toBeGreaterThan(40);
  await driver.keyboard.up('ArrowUp');
  await driver.context().close();
  await watcher.context().close();
});

test('a bot delivers pizzas and both browser screens show its score rise', async ({ browser, serverUrl }) => {
  test.setTimeout(90_000);
  const room = await createRoom(serverUrl);
  const rider = await (await browser.newContext()).newPage();
  const watcher = await (await browser.newContext()).newPage();
  const r = await joinByLink(rider, serverUrl, room, 'Rider');
  await joinByLink(watcher, serverUrl, room, 'Watcher');
  const bot = new BotPlayer({ url: serverUrl, name: 'Deliverer' });
  try {
    const welcome = await bot.join(room);
    const botScore = async (page: Page) => (await snapshot(page)).players.find((p) => p.id === welcome.playerId)?.score ?? 0;
    await expect.poll(() => botScore(watcher), { timeout: 75_000 }).toBeGreaterThan(0);
    await expect.poll(() => botScore(rider)).toBeGreaterThan(0);
    // The browser rider rides with the keyboard too; spawns are beside a shop, so it is loaded.
    await rider.keyboard.down('ArrowUp');
    await expect.poll(async () => self(await snapshot(rider)).carrying).toBeGreaterThan(0);
    await expect(rider.getByTestId('hud-carrying')).not.toHaveAttribute('data-count', '0');
    await rider.keyboard.up('ArrowUp');
    expect(r.selfId).not.toBe(welcome.playerId);
  } finally {
    bot.stop();
    await rider.context().close();
    await watcher.context().close();
  }
});
