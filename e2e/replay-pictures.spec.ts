import { copyFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { BotPlayer } from '../bots/bot-player';
import { expect, test } from './support/fixtures';

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  // Two display frames after the last change, and the labels' Korean glyphs in.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}

/**
 * Pictures of the replay view (desktop and phone, English and Korean, the student's lens on a
 * slowed-down student) and of the live projector view. With REPLAY_SCREENSHOT_OUT=docs/replay.png
 * it also refreshes the README's picture.
 */
test('screenshots of the replay and projector views', async ({ page, context, serverUrl }, testInfo) => {
  test.setTimeout(150_000);
  await page.goto(`${serverUrl}/teacher`);
  await page.getByTestId('create-classroom').click();
  await expect(page.getByTestId('teacher-console')).toBeVisible();
  const code = ((await page.getByTestId('room-code').textContent()) ?? '').trim();
  const href = (await page.getByTestId('projector-link').getAttribute('href')) ?? '';
  const token = new URLSearchParams(href.split('#')[1] ?? '').get('token') ?? '';
  const bots = ['Minji', 'Tom', 'Seo-yeon', 'Jae'].map((name, quirk) => new BotPlayer({ url: serverUrl, name, quirk }));
  try {
    for (const bot of bots) await bot.join(code);
    await page.getByTestId('round-seconds').fill('20');
    await page.getByTestId('start-round').click();
    await expect(page.getByTestId('phase-line')).toHaveAttribute('data-phase', 'playing');
    await fetch(`${serverUrl}/api/rooms/${code}/conditions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ playerId: 2, conditions: { latencyMs: 250, jitterMs: 0, lossPct: 0 } }),
    });

    // Live, on the projector, while the round runs.
    const live = await context.newPage();
    await live.setViewportSize({ width: 1280, height: 720 });
    await live.goto(`${serverUrl}${href}`);
    await live.waitForFunction(() => window.roundtripReplay?.state().drawn.length === 4);
    await expect(live.locator('[data-testid="standings"] li[data-lagging="true"]')).toHaveCount(1);
    await shoot(live, testInfo, 'live-desktop-en');
    await live.close();

    const link = page.getByTestId('replay-link').first();
    await expect(link).toBeVisible({ timeout: 60_000 });
    const replayHref = (await link.getAttribute('href')) ?? '';
    const tab = await context.newPage();
    for (const [viewport, suffix] of [
      [{ width: 1280, height: 720 }, 'desktop'],
      [{ width: 390, height: 780 }, 'phone'],
    ] as const) {
      await tab.setViewportSize(viewport);
      // A fresh load each time (the same address but for its fragment would not reload).
      await tab.goto('about:blank');
      await tab.goto(`${serverUrl}${replayHref}`);
      await tab.waitForFunction(() => window.roundtripReplay?.state().drawn.length === 4);
      await tab.getByTestId('replay-play').click();
      await tab.waitForFunction(() => !window.roundtripReplay.state().playing);
      // Just past the middle, on the slowed-down student, through their eyes.
      const { startTick, endTick } = await tab.evaluate(() => window.roundtripReplay.state());
      const box = (await tab.getByTestId('replay-timeline').boundingBox())!;
      await tab.mouse.click(box.x + 8 + (box.width - 16) * 0.55, box.y + box.height / 2);
      await tab.waitForFunction(({ startTick, endTick }) => window.roundtripReplay.state().position > startTick + (endTick - startTick) * 0.4, { startTick, endTick });
      await tab.getByTestId('replay-follow').selectOption('2');
      await tab.getByTestId('lens-student').click();
      await tab.waitForFunction(() => window.roundtripReplay.state().lens === 'student');
      const en = await shoot(tab, testInfo, `replay-${suffix}-en`);
      if (suffix === 'desktop' && process.env.REPLAY_SCREENSHOT_OUT !== undefined) copyFileSync(en, process.env.REPLAY_SCREENSHOT_OUT);
      await tab.getByTestId('lang-switch').click();
      await expect(tab.getByTestId('lens-explain')).toContainText('ms');
      await shoot(tab, testInfo, `replay-${suffix}-ko`);
      await tab.getByTestId('lang-switch').click();
    }
  } finally {
    for (const bot of bots) bot.stop();
  }
});
