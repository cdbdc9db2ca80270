import type { Page } from '@playwright/test';
import { MemoryNodeRegistry } from '../server/cluster/node-registry';
import { createLogger } from '../server/logger';
import { startBalancer } from '../server/balancer/proxy-server';
import { expect, test } from './support/fixtures';

/**
 * The failover lesson's controls exist only where a launcher owns the node processes (issue
 * 12): on a single `npm start` node the console shows none and asks the balancer nothing (no
 * 404 per poll); behind a balancer without them (production) it shows the strategy switch but
 * no node map, and never asks for /balancer/nodes.
 */
function watchBalancerRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/balancer/')) seen.push(path);
  });
  return seen;
}

async function openBothCards(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/teacher`);
  await page.getByTestId('create-classroom').click();
  await expect(page.getByTestId('teacher-console')).toBeVisible();
  for (const tab of ['balancing', 'gateway', 'balancing']) {
    await page.getByTestId(`lesson-tab-${tab}`).click();
    // A few polls (one a second) with the card open.
    await page.waitForResponse((r) => r.url().endsWith('/api/stats'));
    await page.waitForResponse((r) => r.url().endsWith('/api/stats'));
  }
}

test('a single node: no failover controls, and no balancer requests', async ({ page, serverUrl }) => {
  const asked = watchBalancerRequests(page);
  await openBothCards(page, serverUrl);
  await expect(page.getByTestId('failover')).toBeHidden();
  await expect(page.getByTestId('cluster-message')).toContainText('npm run cluster');
  expect(asked).toEqual([]);
});

test('behind a balancer that offers no node controls: the strategy switch, no node map, no /balancer/nodes', async ({ page, serverUrl }) => {
  const registry = new MemoryNodeRegistry(600_000);
  await registry.heartbeat({ id: 'e2e-node', url: serverUrl, rooms: 0, players: 0, load: 0, startedAtEpochMs: 0 });
  const balancer = await startBalancer({ registry, log: createLogger('silent', 'e2e-balancer') });
  try {
    const asked = watchBalancerRequests(page);
    await openBothCards(page, balancer.url);
    await expect(page.getByTestId('live-strategy')).toHaveText('ip-hash');
    await expect(page.getByTestId('failover')).toBeHidden();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((path) => path === '/balancer/status')).toBe(true);
  } finally {
    await balancer.stop();
  }
});
