import { devices, type Page } from '@playwright/test';
import { createRoom, expect, joinByLink, self, snapshot, test } from './support/fixtures';

/** Issue 12: on a phone the stick belongs to play, not to the start screen it used to cover. */
test.use({ viewport: devices['Pixel 7'].viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

const NORTH_EAST = 3584;

/** A real touch drag (touchstart, then moves) from the stick's centre by (dx, dy) CSS pixels, held. */
async function holdStick(page: Page, dx: number, dy: number): Promise<() => Promise<void>> {
  const box = await page.getByTestId('joystick').boundingBox();
  if (box === null) throw new Error('no joystick');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 5; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + (dx * i) / 5, y: y + (dy * i) / 5 }] });
  }
  return async () => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  };
}

test('the joystick shows only once the phone is in a room', async ({ page, serverUrl }) => {
  await page.goto(`${serverUrl}/`);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('joystick')).toBeHidden();
  const room = await createRoom(serverUrl);
  await joinByLink(page, serverUrl, room, 'Phone');
  await expect(page.getByTestId('start-screen')).toBeHidden();
  await expect(page.getByTestId('joystick')).toBeVisible();
});

/** Where the hint and the stick were laid out the moment the hint showed (see below). */
interface HintLayout {
  hintBottom: number;
  stickTop: number;
}

test('the phone shows the stick hint, and dragging the stick up-right heads the scooter up-right', async ({ page, serverUrl }) => {
  // The hint fades by itself after 8 s, which a loaded machine can spend joining before the
  // test looks (CI found it gone): the page notes the layout the moment the hint shows.
  await page.addInitScript(() => {
    const w = window as Window & { hintLayout?: HintLayout };
    new MutationObserver(() => {
      const hint = document.querySelector('[data-testid="controls-hint"]');
      const stick = document.querySelector('[data-testid="joystick"]');
      if (w.hintLayout !== undefined || hint === null || stick === null || hint.getAttribute('data-state') !== 'shown') return;
      w.hintLayout = { hintBottom: hint.getBoundingClientRect().bottom, stickTop: stick.getBoundingClientRect().top };
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  });
  const room = await createRoom(serverUrl);
  const start = self(await joinByLink(page, serverUrl, room, 'Thumb'));
  const hint = page.getByTestId('controls-hint');
  // The hint sits clear of the stick.
  const noted = await page.waitForFunction(() => (window as Window & { hintLayout?: HintLayout }).hintLayout ?? null);
  const layout = (await noted.jsonValue()) as HintLayout;
  expect(layout.stickTop, 'the stick is laid out').toBeGreaterThan(0);
  expect(layout.hintBottom).toBeLessThan(layout.stickTop);
  await expect(hint).toHaveAttribute('data-device', 'touch');
  await expect(page.getByTestId('controls-hint-how')).toContainText('stick');

  const release = await holdStick(page, 60, -60);
  try {
    // Point to steer: it turns to exactly the pushed direction, on the screen, and rides.
    await expect.poll(async () => self(await snapshot(page)).heading).toBe(NORTH_EAST);
    await expect.poll(async () => self(await snapshot(page)).speed).toBeGreaterThan(0);
    await expect.poll(async () => start.y - self(await snapshot(page)).y).toBeGreaterThan(8);
  } finally {
    await release();
  }
  // Let go: it coasts to a stop.
  await expect.poll(async () => self(await snapshot(page)).speed, { timeout: 10_000 }).toBe(0);
});
