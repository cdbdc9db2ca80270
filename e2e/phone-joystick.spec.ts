import { devices } from '@playwright/test';
import { createRoom, expect, joinByLink, test } from './support/fixtures';

/** Issue 12: on a phone the stick belongs to play, not to the start screen it used to cover. */
test.use({ viewport: devices['Pixel 7'].viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test('the joystick shows only once the phone is in a room', async ({ page, serverUrl }) => {
  await page.goto(`${serverUrl}/`);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('joystick')).toBeHidden();
  const room = await createRoom(serverUrl);
  await joinByLink(page, serverUrl, room, 'Phone');
  await expect(page.getByTestId('start-screen')).toBeHidden();
  await expect(page.getByTestId('joystick')).toBeVisible();
});
