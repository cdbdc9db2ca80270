import type { Page } from '@playwright/test';
import { BotBrain } from '../../bots/bot-brain';
import { generateCity } from '../../shared/sim/city';
import { Button, POSITION_SCALE } from '../../shared/sim/constants';
import { movementParamsFor } from '../../shared/sim/world';
import type { ClientSnapshot } from '../../client/test-hook';

const KEYS: [number, string][] = [
  [Button.Up, 'ArrowUp'],
  [Button.Down, 'ArrowDown'],
  [Button.Left, 'ArrowLeft'],
  [Button.Right, 'ArrowRight'],
];

/**
 * Drives the page's own scooter with the real keyboard: reads what the page shows through the
 * test hook, lets the bots' BotBrain choose buttons, and holds the matching arrow keys. The
 * page's input path (keys -> prediction -> wire) is what gets exercised.
 */
export async function driveUntil(page: Page, done: (s: ClientSnapshot) => boolean, timeoutMs: number): Promise<ClientSnapshot> {
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
      const s = await page.evaluate(() => window.roundtrip.snapshot());
      if (done(s)) return s;
      if (Date.now() > deadline) throw new Error(`autopilot timed out; last state: ${JSON.stringify(s.players)}`);
      const me = s.players.find((p) => p.id === s.selfId);
      if (me === undefined || me.id >= n) continue;
      view.tick = s.tick;
      view.phase = s.phase;
      view.px[me.id] = Math.round(me.x * POSITION_SCALE);
      view.py[me.id] = Math.round(me.y * POSITION_SCALE);
      view.heading[me.id] = me.heading;
      view.speed[me.id] = me.speed;
      view.carrying[me.id] = me.carrying;
      view.orderExpireTick.set(s.orderExpireTick);
      const want = brain.decide(view, me.id);
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
