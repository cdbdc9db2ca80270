import { test as base, expect, type Page } from '@playwright/test';
import type { ClientSnapshot } from '../../client/test-hook';
import { HEADING_STEPS } from '../../shared/sim/constants';

export { expect };

export interface Fixtures {
  /** The suite's game node. */
  serverUrl: string;
  /** Console errors matching this are expected in this test (e.g. a dropped WebSocket). */
  allowConsoleErrors: RegExp | null;
  /** Collects console errors and page errors of every page in the test; fails the test on any unexpected one. */
  consoleGuard: void;
}

export const test = base.extend<Fixtures>({
  serverUrl: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (url === undefined) throw new Error('E2E_BASE_URL is not set (globalSetup did not run)');
    await use(url);
  },
  allowConsoleErrors: [null, { option: true }],
  consoleGuard: [
    async ({ context, allowConsoleErrors }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (m) => {
          if (m.type() === 'error' && !(allowConsoleErrors?.test(m.text()) ?? false)) errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(errors, 'unexpected console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export async function createRoom(serverUrl: string): Promise<string> {
  const response = await fetch(`${serverUrl}/api/rooms`, { method: 'POST' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

export async function snapshot(page: Page): Promise<ClientSnapshot> {
  return page.evaluate(() => window.roundtrip.snapshot());
}

/** Opens the QR-code link, which joins straight away, and waits until the page is in the game. */
export async function joinByLink(page: Page, serverUrl: string, room: string, name: string, extraQuery = ''): Promise<ClientSnapshot> {
  await page.goto(`${serverUrl}/?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}${extraQuery}`);
  await page.waitForFunction(() => {
    const s = window.roundtrip?.snapshot();
    return s !== undefined && s.connected && s.players.some((p) => p.id === s.selfId);
  });
  return snapshot(page);
}

/** Heading quarter (0 = east, clockwise on screen) -> the arrow key pointing that way. */
export const AHEAD_KEYS = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'] as const;

/**
 * The arrow key nearest the way a scooter faces. With point to steer (the default) it rides on
 * along the scooter's road; a fixed "up" runs into a block wherever the road runs east-west.
 */
export function keyAhead(heading: number): string {
  return AHEAD_KEYS[Math.round((heading * 4) / HEADING_STEPS) % 4];
}

export function self(s: ClientSnapshot) {
  const me = s.players.find((p) => p.id === s.selfId);
  if (me === undefined) throw new Error('own player not in snapshot');
  return me;
}
