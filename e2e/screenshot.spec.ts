import { copyFileSync } from 'node:fs';
import { BotPlayer } from '../bots/bot-player';
import { driveUntil } from './support/autopilot';
import type { Page } from '@playwright/test';
import { createRoom, expect, joinByLink, snapshot, test } from './support/fixtures';

/** Holds the arrow keys pointing away from the guide's target until it is off screen (or time is up). */
async function rideAwayFromTarget(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let held: string[] = [];
  try {
    while (Date.now() < deadline) {
      const g = await page.evaluate(() => window.roundtrip.guide());
      if (g === null || g.kind === 'none' || !g.onScreen) return;
      const away = g.angle + Math.PI;
      const keys = [Math.cos(away) > 0.38 ? 'ArrowRight' : Math.cos(away) < -0.38 ? 'ArrowLeft' : '', Math.sin(away) > 0.38 ? 'ArrowDown' : Math.sin(away) < -0.38 ? 'ArrowUp' : ''].filter((k) => k !== '');
      for (const k of held) if (!keys.includes(k)) await page.keyboard.up(k);
      for (const k of keys) if (!held.includes(k)) await page.keyboard.down(k);
      held = keys;
      await page.waitForTimeout(60);
    }
  } finally {
    for (const k of held) await page.keyboard.up(k);
  }
}

/**
 * A picture of a running game with a few bots riding, attached to the report: the player has
 * loaded pizzas at the shop (ridden there with the arrow keys) and the guide arrow points to
 * the nearest order, preferably from the screen's edge (the Korean screenshot,
 * korean-font.spec.ts, shows the network inspector). With SCREENSHOT_OUT=docs/screenshot.png it
 * also refreshes the README's screenshot.
 */
test('screenshot of a live game', async ({ page, serverUrl }, testInfo) => {
  test.setTimeout(120_000);
  const room = await createRoom(serverUrl);
  const bots = [0, 1, 2].map((i) => new BotPlayer({ url: serverUrl, name: ['Minji', 'Tom', 'Seo-yeon'][i], quirk: i }));
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    // To the shop on the page's own autopilot (?autopilot=1, which steers every frame from the
    // prediction), then a reload without it, so the picture has no "Autopilot" badge: the same
    // seat resumes from sessionStorage with its pizzas. The arrow keys (driveUntil) took the
    // first ride until a CI run's starved page (3 frames a second) overshot the first turn and
    // rode round the city for the whole minute. Before the bots come: neither autopilot steers
    // round other scooters (one CI run timed out nose to nose with a bot's, 17 px apart).
    const joined = await joinByLink(page, serverUrl, room, 'You', '&autopilot=1');
    const loaded = () => {
      const s = window.roundtrip.snapshot();
      return s.players.some((p) => p.id === s.selfId && p.carrying > 0);
    };
    await page.waitForFunction(loaded, undefined, { timeout: 60_000, polling: 100 });
    await page.goto(`${serverUrl}/?room=${encodeURIComponent(room)}&name=You`);
    await page.waitForFunction(() => window.roundtrip?.snapshot().connected);
    expect((await snapshot(page)).selfId).toBe(joined.selfId);
    await expect(page.getByText('Autopilot')).toHaveCount(0);
    for (const bot of bots) await bot.join(room);
    await expect.poll(async () => (await snapshot(page)).players.filter((p) => p.connected).length).toBe(4);
    // On with deliveries until the nearest order is off screen and its arrow shows at the edge
    // (or, failing that, ride away from it).
    const hint = page.getByTestId('controls-hint');
    const edge = await driveUntil(
      page,
      (s, g) => (s.players.find((p) => p.id === s.selfId)?.carrying ?? 0) > 0 && g !== null && g.kind === 'order' && g.visible && !g.onScreen && s.tick > 12 * 30,
      60_000,
    ).then(
      () => true,
      () => false,
    );
    if (!edge) await rideAwayFromTarget(page, 15_000);
    await expect(hint).toBeHidden();
    const guide = await page.evaluate(() => window.roundtrip.guide());
    expect(guide?.visible).toBe(true);
    const file = testInfo.outputPath('game.png');
    await page.screenshot({ path: file });
    await testInfo.attach('game', { path: file, contentType: 'image/png' });
    if (process.env.SCREENSHOT_OUT) copyFileSync(file, process.env.SCREENSHOT_OUT);
  } finally {
    for (const bot of bots) bot.stop();
  }
});
