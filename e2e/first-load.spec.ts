import { writeFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';

/**
 * What a phone downloads before the game's first screen is usable (issue 12: thirty phones on
 * one school Wi-Fi): every response's bytes on the wire as Chromium counts them (headers and
 * the body as transferred, so compressed when the server compressed it), the Korean font
 * slices the start screen needs included. FIRST_LOAD_OUT=file writes the figures as JSON.
 */
const FIRST_LOAD_BUDGET_BYTES = 500_000;

interface Transfer {
  url: string;
  bytes: number;
  encoding: string;
}

test.use({ locale: 'ko-KR', viewport: { width: 390, height: 800 } });

test('the first screen loads compressed and within budget', async ({ page, serverUrl }, testInfo) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // Nothing from an earlier test: a cold first visit.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, { url: string; encoding: string }>();
  const transfers: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    urls.set(e.requestId, { url: e.response.url, encoding: headers['content-encoding'] ?? 'identity' });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const seen = urls.get(e.requestId);
    if (seen !== undefined) transfers.push({ url: new URL(seen.url).pathname, bytes: e.encodedDataLength, encoding: seen.encoding });
  });

  await page.goto(`${serverUrl}/`);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // The last font slice's loadingFinished may trail fonts.ready by a moment.
  await expect.poll(() => transfers.filter((t) => t.url.endsWith('.woff2')).length).toBeGreaterThan(0);

  const assets = transfers.filter((t) => t.url.startsWith('/') && !t.url.startsWith('/socket.io') && !t.url.startsWith('/api/'));
  const total = assets.reduce((sum, t) => sum + t.bytes, 0);
  const fonts = assets.filter((t) => t.url.endsWith('.woff2')).reduce((sum, t) => sum + t.bytes, 0);
  const report = { totalBytes: total, fontBytes: fonts, requests: assets.length, assets: assets.sort((a, b) => b.bytes - a.bytes) };
  await testInfo.attach('first-load.json', { body: JSON.stringify(report, null, 2), contentType: 'application/json' });
  if (process.env.FIRST_LOAD_OUT) writeFileSync(process.env.FIRST_LOAD_OUT, JSON.stringify(report, null, 2));

  for (const t of assets.filter((a) => /\.(js|css|html)$/.test(a.url) || a.url === '/')) {
    expect(t.encoding, `${t.url} compressed`).not.toBe('identity');
  }
  expect(total).toBeLessThan(FIRST_LOAD_BUDGET_BYTES);
});
