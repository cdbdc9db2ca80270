import { BotPlayer } from '../bots/bot-player';
import { expect, test } from './support/fixtures';

/**
 * Issue 12: the state card said 5 players where the balancing card said 3 (one counted the
 * teacher's bots, one did not). Three students (real socket clients, Node bot players) and
 * two server-side bots: both cards now say 3 students, and both name the 2 bots apart.
 */
test('the lesson cards agree on who is in the room', async ({ page, serverUrl }) => {
  await page.goto(`${serverUrl}/teacher`);
  await page.getByTestId('create-classroom').click();
  const code = ((await page.getByTestId('room-code').textContent()) ?? '').trim();
  const students = ['Ana', 'Bo', 'Chul'].map((name, quirk) => new BotPlayer({ url: serverUrl, name, quirk }));
  try {
    for (const s of students) await s.join(code);
    await expect(page.getByTestId('roster-row')).toHaveCount(3);
    await page.getByTestId('add-two-bots').click();
    await expect(page.locator('[data-testid="roster-row"][data-bot="true"]')).toHaveCount(2);

    await page.getByTestId('lesson-tab-state').click();
    await expect(page.getByTestId('live-connected')).toHaveText('3');
    await expect(page.getByTestId('state-bots')).toContainText('2 bot');

    await page.getByTestId('lesson-tab-balancing').click();
    await expect(page.getByTestId('balancing-bots')).toContainText('2 bot');
    const perNode = page.locator('.bars .num');
    await expect.poll(async () => (await perNode.allTextContents()).reduce((sum, n) => sum + Number(n), 0)).toBe(3);
  } finally {
    for (const s of students) s.stop();
  }
});
