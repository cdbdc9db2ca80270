import { copyFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { BotPlayer } from '../bots/bot-player';
import type { CanvasLabel } from '../client/test-hook';
import { createRoom, expect, joinByLink, test } from './support/fixtures';

/**
 * Korean must render on a machine without CJK system fonts (this one, and CI): the page and
 * the Phaser labels draw Hangul with the shipped web font (client/ui/web-font.ts), never boxes.
 * KO_SCREENSHOT_OUT=docs/screenshot-ko.png refreshes the README's Korean screenshot.
 */
const WEB_FONT = 'Noto Sans KR Variable';
const HANGUL = /[\uac00-\ud7a3]/gu;

test.use({ locale: 'ko-KR' });

/** The fonts Chromium actually drew a node's text with (DevTools' "Rendered Fonts"). */
async function renderedFonts(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  // The text node child carries the fonts; the element's own query covers its whole subtree.
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

test('the page draws its Korean text in the shipped web font', async ({ page, serverUrl }) => {
  await page.goto(`${serverUrl}/`);
  const tagline = page.locator('.start-screen .tagline');
  await expect(tagline).toHaveText(/배달/);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));

  const loaded = await page.evaluate(
    (family) => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === family && f.status === 'loaded').length,
    WEB_FONT,
  );
  expect(loaded, 'web-font slices loaded').toBeGreaterThan(0);
  const hangulCount = ((await tagline.textContent()) ?? '').match(HANGUL)?.length ?? 0;
  expect(hangulCount).toBeGreaterThan(5);
  const fonts = await renderedFonts(page, '.start-screen .tagline');
  const web = fonts.find((f) => f.isCustomFont && /Noto Sans KR/.test(f.familyName));
  // Every Hangul syllable drawn with the web font, nothing left to a system face (boxes).
  expect(web?.glyphCount ?? 0, JSON.stringify(fonts)).toBeGreaterThanOrEqual(hangulCount);
  expect(fonts.filter((f) => !f.isCustomFont), JSON.stringify(fonts)).toEqual([]);
});

test('the canvas labels are drawn in the web font, and a Korean screenshot', async ({ page, serverUrl }, testInfo) => {
  const room = await createRoom(serverUrl);
  // Riders for the picture; 솔뫼's name is the one the font check below relies on.
  const bots = ['솔뫼', '서연', '하준'].map((name, quirk) => new BotPlayer({ url: serverUrl, name, quirk }));
  try {
    for (const bot of bots) await bot.join(room);
    await page.setViewportSize({ width: 1280, height: 720 });
    await joinByLink(page, serverUrl, room, '민지');
    // The bot's name reaches only the canvas (no DOM text pulls in its slices first), and
    // its syllables sit in slices the start screen does not need.
    const wanted = ['민지', '솔뫼', '피자'];
    await expect.poll(async () => (await page.evaluate(() => window.roundtrip.labels())).map((l) => l.text).sort()).toEqual(expect.arrayContaining(wanted));

    // Phaser measures a label as it draws it (width = ceil(text width + stroke)); compare that
    // with the same text measured in the web font now, and in a fallback that has no Hangul.
    const checks = await page.evaluate(
      ({ labels, family }) => {
        const ctx = document.createElement('canvas').getContext('2d');
        if (ctx === null) throw new Error('no 2d context');
        return labels.map((l: CanvasLabel) => {
          ctx.font = `${l.fontStyle} ${l.fontSize} ${l.fontFamily}`;
          const withStack = ctx.measureText(l.text).width;
          ctx.font = `${l.fontStyle} ${l.fontSize} "${family}"`;
          const webOnly = ctx.measureText(l.text).width;
          ctx.font = `${l.fontStyle} ${l.fontSize} monospace`;
          const fallback = ctx.measureText(l.text).width;
          const ready = document.fonts.check(`${l.fontStyle} ${l.fontSize} "${family}"`, l.text);
          return { text: l.text, family: l.fontFamily, drawn: l.width, expected: Math.ceil(withStack + l.strokeThickness), webOnly, withStack, fallback, ready };
        });
      },
      { labels: (await page.evaluate(() => window.roundtrip.labels())).filter((l) => wanted.includes(l.text)), family: WEB_FONT },
    );
    for (const c of checks) {
      expect(c.family, c.text).toContain(WEB_FONT);
      expect(c.ready, `${c.text}: slices loaded`).toBe(true);
      // Hangul comes from the web font in the stack (no system face here has it)...
      expect(c.withStack, c.text).toBeCloseTo(c.webOnly, 1);
      // ...which really differs from boxes...
      expect(Math.abs(c.webOnly - c.fallback), `${c.text}: web font vs fallback`).toBeGreaterThan(2);
      // ...and is what Phaser drew the label with.
      expect(Math.abs(c.drawn - c.expected), `${c.text}: drawn ${c.drawn}, expected ${c.expected}`).toBeLessThanOrEqual(1);
    }

    // A moment of riding, so the picture shows the others on the road and an order open.
    await page.keyboard.down('ArrowUp');
    await expect.poll(async () => (await page.evaluate(() => window.roundtrip.snapshot())).orderExpireTick.some((t) => t > 0)).toBe(true);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.press('KeyI');
    await expect(page.getByTestId('inspector-tick')).not.toHaveText('–');
    const file = testInfo.outputPath('game-ko.png');
    await page.screenshot({ path: file });
    await testInfo.attach('game-ko', { path: file, contentType: 'image/png' });
    if (process.env.KO_SCREENSHOT_OUT) copyFileSync(file, process.env.KO_SCREENSHOT_OUT);
  } finally {
    for (const bot of bots) bot.stop();
  }
});
