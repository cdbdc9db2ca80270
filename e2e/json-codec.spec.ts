import type { NodeProcess } from '../server/process/node-process';
import { createRoom, expect, joinByLink, self, snapshot, test } from './support/fixtures';
import { startServer } from './support/server-process';

/**
 * SNAPSHOT_CODEC=json, the naive baseline (docs/load-testing.md): the browser follows the codec
 * the welcome announces. Each JSON state is whole, so the page draws from the first one, as
 * after a keyframe; before that was so, a browser on such a node showed the city and no scooter.
 */
let server: NodeProcess;
test.beforeAll(async () => {
  server = await startServer({ SNAPSHOT_CODEC: 'json' });
});
test.afterAll(async () => {
  await server.stop();
});

test('on a node sending JSON states the player sees their scooter and rides it', async ({ page }) => {
  const start = await joinByLink(page, server.url, await createRoom(server.url), 'Jay');
  expect(start.players.map((p) => p.id)).toContain(start.selfId);
  const before = self(start);
  await page.keyboard.down('ArrowUp');
  await expect.poll(async () => {
    const now = self(await snapshot(page));
    return Math.hypot(now.x - before.x, now.y - before.y);
  }).toBeGreaterThan(20);
  await page.keyboard.up('ArrowUp');
});
