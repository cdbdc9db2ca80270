import { startCluster, type ClusterProcess } from './support/cluster-process';
import { expect, test } from './support/fixtures';

/**
 * Issue 13 §8: the balancer's strategy switch now needs a token. The teacher flow in the demo
 * cluster must still work: open /teacher through the balancer, create a classroom, switch the
 * strategy from the load-balancing card (the console sends its teacher token).
 */
test.describe('the teacher console in `npm run cluster`', () => {
  let cluster: ClusterProcess | null = null;
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    cluster = await startCluster(2);
    base = cluster.url;
  });

  test.afterAll(async () => {
    await cluster?.stop();
  });

  test('switches the balancing strategy from the lesson card', async ({ page }) => {
    await page.goto(`${base}/teacher`);
    await page.getByTestId('create-classroom').click();
    await expect(page.getByTestId('teacher-console')).toBeVisible();
    await page.getByTestId('lesson-tab-balancing').click();
    await expect(page.getByTestId('live-strategy')).toHaveText('ip-hash');
    await page.locator('[data-strategy="round-robin"]').click();
    await expect(page.getByTestId('live-strategy')).toHaveText('round-robin');
    await expect(page.getByTestId('cluster-message')).toHaveText('');
    const status = (await (await fetch(`${base}/balancer/status`)).json()) as { strategy: string };
    expect(status.strategy).toBe('round-robin');
  });
});
