import type { Page } from '@playwright/test';
import { expect, joinByLink, self, snapshot, test } from './support/fixtures';

/**
 * Issue #12, "network lessons that hold": the teacher puts the Awful preset (400 ms ± 150 ms,
 * 20 % loss) on one student for 30 s. The student is told, stays connected and keeps playing;
 * Clear puts the connection back and the student is told that too.
 */
test("'Awful' on a student for 30 s: told, still connected, still playing; 'Clear' restores it", async ({ browser, page: teacher, serverUrl }) => {
  test.setTimeout(150_000);
  await teacher.goto(`${serverUrl}/teacher`);
  await teacher.getByTestId('create-classroom').click();
  await expect(teacher.getByTestId('teacher-console')).toBeVisible();
  const code = ((await teacher.getByTestId('room-code').textContent()) ?? '').trim();

  const student: Page = await (await browser.newContext()).newPage();
  await joinByLink(student, serverUrl, code, 'Dami');
  await expect(teacher.getByTestId('roster-row')).toHaveCount(1);
  await expect(student.getByTestId('imposed-banner')).toBeHidden();

  await teacher.getByTestId('player-conditions').selectOption('awful');
  await expect(student.getByTestId('imposed-banner')).toBeVisible({ timeout: 15_000 });
  await expect(student.getByTestId('imposed-banner')).toContainText('400 ms');
  await expect(student.getByTestId('imposed-banner')).toContainText('20 %');
  await student.keyboard.press('KeyI');
  await expect(student.getByTestId('inspector-imposed')).toContainText('400 ms');

  // Thirty seconds of Awful while the student rides: never disconnected, and the server keeps
  // applying the student's inputs (their scooter moves in the server's snapshots).
  const positions = new Set<string>();
  let disconnects = 0;
  const until = Date.now() + 30_000;
  let turn = 0;
  while (Date.now() < until) {
    const key = ['ArrowUp', 'ArrowLeft', 'ArrowUp', 'ArrowRight'][turn++ % 4];
    await student.keyboard.down(key);
    await student.waitForTimeout(750);
    await student.keyboard.up(key);
    const s = await snapshot(student);
    if (!s.connected) disconnects++;
    else positions.add(`${Math.round(self(s).x)},${Math.round(self(s).y)}`);
  }
  expect(disconnects).toBe(0);
  expect(positions.size).toBeGreaterThan(5);
  // The teacher's roster shows the imposed RTT (about 2 x 400 ms, more with the losses).
  await expect.poll(async () => Number(/(\d+) ms/.exec((await teacher.getByTestId('roster-connection').textContent()) ?? '')?.[1] ?? 0), { timeout: 15_000 }).toBeGreaterThan(700);

  await teacher.getByTestId('player-clear').click();
  await expect(student.getByTestId('imposed-banner')).toBeHidden({ timeout: 15_000 });
  await expect(student.getByTestId('toast')).toBeVisible();
  await expect(student.getByTestId('inspector-imposed')).not.toContainText('ms');
  // The round trip the server measures (its last ping) is back to loopback's.
  await expect.poll(async () => Number(/(\d+) ms/.exec((await teacher.getByTestId('roster-connection').textContent()) ?? '')?.[1] ?? 9999), { timeout: 15_000 }).toBeLessThan(300);
});
