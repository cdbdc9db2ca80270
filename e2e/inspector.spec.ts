import { createRoom, expect, joinByLink, snapshot, test } from './support/fixtures';

test('the network inspector shows live numbers, and simulated latency raises the RTT', async ({ page, serverUrl }) => {
  test.setTimeout(90_000);
  const room = await createRoom(serverUrl);
  await joinByLink(page, serverUrl, room, 'Inspector');
  await expect(page.getByTestId('inspector')).toBeHidden();
  await page.keyboard.press('KeyI');
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.getByTestId('inspector-node')).toHaveText('e2e-node');
  const tick = page.getByTestId('inspector-tick');
  const before = Number(await tick.textContent());
  await expect.poll(async () => Number(await tick.textContent())).toBeGreaterThan(before);
  await expect.poll(async () => parseFloat((await page.getByTestId('inspector-snapshotRate').textContent()) ?? '0')).toBeGreaterThan(5);
  await expect.poll(async () => parseFloat((await page.getByTestId('inspector-bytesIn').textContent()) ?? '0')).toBeGreaterThan(0);
  await expect(page.getByTestId('inspector-rtt')).toHaveText(/\d+ ms/);
  // Prediction corrections: how many, and the largest move, in tiles.
  await expect(page.getByTestId('inspector-corrections')).toHaveText(/^\d+ \(largest \d+\.\d\d tiles\)$/);

  const baseline = (await snapshot(page)).rttMs ?? 0;
  await page.getByTestId('sim-latency').fill('300');
  expect((await snapshot(page)).simulatedLatencyMs).toBe(300);
  // 300 ms each way: every new ping sample is >= 600 ms, so the smoothed RTT climbs well past it.
  await expect.poll(async () => (await snapshot(page)).rttMs ?? 0, { timeout: 20_000 }).toBeGreaterThan(baseline + 400);
  await expect.poll(async () => parseInt((await page.getByTestId('inspector-rtt').textContent()) ?? '0', 10)).toBeGreaterThan(baseline + 400);

  // The toggle button closes it again, and prediction can be switched off.
  await page.getByTestId('toggle-prediction').uncheck({ force: true });
  expect((await snapshot(page)).prediction).toBe(false);
  await expect(page.getByTestId('inspector-corrections')).toHaveText('off');
  await page.getByTestId('inspector-button').click();
  await expect(page.getByTestId('inspector')).toBeHidden();
});
