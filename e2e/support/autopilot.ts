import type { Page } from '@playwright/test';
import { BotBrain } from '../../bots/bot-brain';
import { generateCity } from '../../shared/sim/city';
import { Button, HEADING_STEPS, POSITION_SCALE } from '../../shared/sim/constants';
import { controlSteer, steerHeading, steerThrottle } from '../../shared/sim/steering';
import { movementParamsFor } from '../../shared/sim/world';
import type { ClientSnapshot } from '../../client/test-hook';
import type { GuideReport } from '../../client/scenes/guide-arrow';

const KEYS: [number, string][] = [
  [Button.Up, 'ArrowUp'],
  [Button.Down, 'ArrowDown'],
  [Button.Left, 'ArrowLeft'],
  [Button.Right, 'ArrowRight'],
];

/**
 * The arrow key nearest a heading, in the page's default point-to-steer mode. One key, as a
 * player rides a grid of roads: the brain aims at the next tile's centre, and two keys would
 * turn a small sideways correction into a 45-degree dive into the kerb (seen pinned at a
 * block's corner on a loaded machine, where the loop decides a few times a second).
 */
function keysToward(heading: number): number {
  const quarter = Math.round((heading * 4) / HEADING_STEPS) % 4;
  // 0 = east, clockwise on screen: E, S, W, N.
  return [Button.Right, Button.Down, Button.Left, Button.Up][quarter];
}

/**
 * Drives the page's own scooter with the real keyboard, as a player in the default steering
 * (point to steer) does: reads what the page shows through the test hook (its own scooter
 * where the prediction draws it, so a slow link does not make it overshoot), lets the bots'
 * BotBrain choose where to go (decidePoint), and holds the arrow keys that point nearest that
 * way. The page's input path (keys -> point steering -> prediction -> wire) is what gets
 * exercised. Returns the snapshot that satisfied `done`.
 */
export async function driveUntil(page: Page, done: (s: ClientSnapshot, guide: GuideReport | null) => boolean, timeoutMs: number): Promise<ClientSnapshot> {
  const first = await page.evaluate(() => window.roundtrip.snapshot());
  if (first.seed === null || first.tickRateHz === null) throw new Error('page is not in a game');
  const city = generateCity(first.seed);
  const brain = new BotBrain(city, movementParamsFor(first.tickRateHz));
  const n = Math.max(...first.players.map((p) => p.id)) + 1;
  const view = {
    tick: 0,
    phase: 0,
    px: new Int32Array(n),
    py: new Int32Array(n),
    heading: new Int32Array(n),
    speed: new Int32Array(n),
    carrying: new Uint8Array(n),
    orderExpireTick: new Int32Array(city.houses.length),
  };
  let held = 0;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [s, guide] = await page.evaluate(() => [window.roundtrip.snapshot(), window.roundtrip.guide()] as const);
      if (done(s, guide)) return s;
      if (Date.now() > deadline) throw new Error(`autopilot timed out; last state: ${JSON.stringify(s.players)}`);
      const me = s.players.find((p) => p.id === s.selfId);
      if (me === undefined || me.id >= n) continue;
      view.tick = s.tick;
      view.phase = s.phase;
      // Steer from where the screen draws the scooter (the prediction), as a player does.
      const drawn = s.predictedSelf ?? me;
      view.px[me.id] = Math.round(drawn.x * POSITION_SCALE);
      view.py[me.id] = Math.round(drawn.y * POSITION_SCALE);
      view.heading[me.id] = drawn.heading;
      view.speed[me.id] = drawn.speed;
      view.carrying[me.id] = me.carrying;
      view.orderExpireTick.set(s.orderExpireTick);
      const steer = controlSteer(brain.decidePoint(view, me.id));
      const want = steerThrottle(steer) === 0 ? 0 : keysToward(steerHeading(steer));
      for (const [bit, key] of KEYS) {
        if (want & bit && !(held & bit)) await page.keyboard.down(key);
        if (!(want & bit) && held & bit) await page.keyboard.up(key);
      }
      held = want;
      await page.waitForTimeout(25);
    }
  } finally {
    for (const [bit, key] of KEYS) if (held & bit) await page.keyboard.up(key);
  }
}
