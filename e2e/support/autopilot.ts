import type { Page } from '@playwright/test';
import type { ClientSnapshot } from '../../client/test-hook';
import type { GuideReport } from '../../client/scenes/guide-arrow';

/** How long the page drives on its own between the test's checks of `done`. */
const SLICE_MS = 400;

/** What the in-page driver keeps on the window between slices: the arrow key it holds. */
interface DriverWindow {
  roundtripDriverKey?: string | null;
}

/**
 * Drives the page's own scooter through its keyboard path, as a player in the default steering
 * (point to steer) does: arrow-key events on the window, where the page listens for them, go
 * through keys -> point steering -> prediction -> wire. Which key: the one the bots' brain
 * wants now for the scooter as the screen draws it (window.roundtrip.autopilotKey), asked every
 * display frame from inside the page. Not from this process: a decision that waits on a round
 * trip to the test runner is up to a second stale on a loaded machine and overshoots every
 * turn (a city at full speed is 6 px a tick), which is how the last version circled for a
 * minute without reaching the shop. Returns the snapshot that satisfied `done`.
 */
export async function driveUntil(page: Page, done: (s: ClientSnapshot, guide: GuideReport | null) => boolean, timeoutMs: number): Promise<ClientSnapshot> {
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [s, guide] = await page.evaluate(() => [window.roundtrip.snapshot(), window.roundtrip.guide()] as const);
      if (done(s, guide)) return s;
      if (Date.now() > deadline) throw new Error(`autopilot timed out; last state: ${JSON.stringify(s.players)}`);
      if (s.seed === null) throw new Error('page is not in a game');
      await page.evaluate(async (ms) => {
        const w = window as Window & DriverWindow;
        const key = (type: 'keydown' | 'keyup', code: string) => window.dispatchEvent(new KeyboardEvent(type, { code, key: code, bubbles: true, cancelable: true }));
        const end = performance.now() + ms;
        while (performance.now() < end) {
          const want = window.roundtrip.autopilotKey();
          const held = w.roundtripDriverKey ?? null;
          if (want !== held) {
            if (held !== null) key('keyup', held);
            if (want !== null) key('keydown', want);
            w.roundtripDriverKey = want;
          }
          await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        }
      }, SLICE_MS);
    }
  } finally {
    await page
      .evaluate(() => {
        const w = window as Window & DriverWindow;
        const held = w.roundtripDriverKey ?? null;
        if (held !== null) window.dispatchEvent(new KeyboardEvent('keyup', { code: held, key: held, bubbles: true }));
        w.roundtripDriverKey = null;
      })
      .catch(() => undefined);
  }
}
