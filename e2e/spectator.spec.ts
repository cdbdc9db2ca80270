import type { Page } from '@playwright/test';
import { BotPlayer } from '../bots/bot-player';
import type { ReplayPageState } from '../client/replay/replay-hook';
import { expect, test } from './support/fixtures';

async function replayState(page: Page): Promise<ReplayPageState> {
  return page.evaluate(() => window.roundtripReplay.state());
}

/**
 * Issue 14, the projector: the teacher console's "Projector view" opens the room live as a
 * spectator with no seat. The room's player count and capacity do not move, the page sends
 * no binary frame (no inputs) while it receives the room's broadcast, the live leaderboard
 * lists everyone, and the student the teacher slowed down shows as lagging.
 */
test('the projector view watches a live round without taking a seat', async ({ page, context, serverUrl }) => {
  test.setTimeout(120_000);
  await page.goto(`${serverUrl}/teacher`);
  await page.getByTestId('create-classroom').click();
  await expect(page.getByTestId('teacher-console')).toBeVisible();
  const code = ((await page.getByTestId('room-code').textContent()) ?? '').trim();
  const href = (await page.getByTestId('projector-link').getAttribute('href')) ?? '';
  const token = new URLSearchParams(href.split('#')[1] ?? '').get('token') ?? '';
  const bots = ['Ana', 'Bo'].map((name, quirk) => new BotPlayer({ url: serverUrl, name, quirk }));
  try {
    for (const bot of bots) await bot.join(code);
    await page.getByTestId('start-round').click();
    await expect(page.getByTestId('phase-line')).toHaveAttribute('data-phase', 'playing');
    const slowed = await fetch(`${serverUrl}/api/rooms/${code}/conditions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ playerId: 1, conditions: { latencyMs: 250, jitterMs: 0, lossPct: 0 } }),
    });
    expect(slowed.status).toBe(200);
    const roomInfo = async () => (await (await fetch(`${serverUrl}/api/rooms/${code}`)).json()) as { players: number; capacity: number };
    const before = await roomInfo();
    expect(before.players).toBe(2);

    // Every binary frame the projector's page sends (inputs are binary; it must send none).
    const sentBinary: number[] = [];
    let received = 0;
    context.on('page', (p) =>
      p.on('websocket', (ws) => {
        ws.on('framesent', (f) => {
          if (typeof f.payload !== 'string') sentBinary.push(f.payload.length);
        });
        ws.on('framereceived', () => received++);
      }),
    );
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('projector-link').click()]);
    await tab.waitForFunction(() => window.roundtripReplay?.state().status === 'ready');
    await tab.waitForFunction(() => window.roundtripReplay.state().drawn.length === 2);
    const live = await replayState(tab);
    expect(live.mode).toBe('live');
    expect(live.renderer).toBe('webgl');
    await expect(tab.getByTestId('spectator-note')).toBeVisible();
    // The round and its clock, so the class sees when it ends.
    await expect(tab.getByTestId('live-clock')).toHaveAttribute('data-phase', 'playing');
    await expect(tab.getByTestId('live-clock')).toHaveText(/^Round 1 · \d+:\d\d$/);
    // The broadcast keeps coming: the room's tick climbs on the page.
    await tab.waitForFunction((tick) => window.roundtripReplay.state().tick > tick + 60, live.tick);

    // No seat: the same players and capacity as before the projector came.
    expect(await roomInfo()).toEqual(before);
    const view = (await (await fetch(`${serverUrl}/api/rooms/${code}/teacher`, { headers: { authorization: `Bearer ${token}` } })).json()) as { players: unknown[]; capacity: number };
    expect(view.players).toHaveLength(2);
    expect(view.capacity).toBe(before.capacity);

    // The live leaderboard, with the slowed student marked as lagging.
    await expect(tab.getByTestId('standings').locator('li')).toHaveCount(2);
    await expect(tab.locator('[data-testid="standings"] li[data-slot="1"]')).toHaveAttribute('data-lagging', 'true');
    // What the teacher did to Bo's network, on the projector for the class to see.
    await expect(tab.locator('[data-testid="standings"] li[data-slot="1"] .status')).toContainText('+250 ms');
    await expect(tab.locator('[data-testid="standings"] li[data-slot="0"]')).toHaveAttribute('data-lagging', 'false');

    // Follow one player, then back to the whole city.
    await tab.getByTestId('replay-follow').selectOption('0');
    await tab.waitForFunction(() => window.roundtripReplay.state().followed === 0);
    await tab.getByTestId('replay-follow').selectOption('-1');
    await tab.waitForFunction(() => window.roundtripReplay.state().followed === -1);

    expect(received).toBeGreaterThan(60);
    expect(sentBinary).toEqual([]);
    expect((await replayState(tab)).snapshots).toBeGreaterThan(60);

    // The teacher ends the round: the projector says so instead of looking like play goes on.
    const ended = await fetch(`${serverUrl}/api/rooms/${code}/end`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect(ended.status).toBe(200);
    await expect(tab.getByTestId('live-clock')).toHaveAttribute('data-phase', 'results');
    await expect(tab.getByTestId('live-clock')).toContainText('Round over');
  } finally {
    for (const bot of bots) bot.stop();
  }
});

test('a projector link without its key says it is the live view and where to open it, in both languages', async ({ page, serverUrl }) => {
  await page.goto(`${serverUrl}/replay.html#room=BCDFG&live=1`);
  await expect(page.getByTestId('replay-title')).toHaveText('Live — room BCDFG');
  await expect(page.getByTestId('replay-status')).toContainText('Projector view (live)');
  await expect(page.getByTestId('replay-status')).toHaveClass(/error/);
  expect((await replayState(page)).mode).toBe('live');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('replay-title')).toHaveText('실시간 — BCDFG 방');
  await expect(page.getByTestId('replay-status')).toContainText('프로젝터 화면 (실시간)');
});
