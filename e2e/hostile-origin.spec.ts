import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MemoryNodeRegistry } from '../server/cluster/node-registry';
import { startBalancer } from '../server/balancer/proxy-server';
import { createLogger } from '../server/logger';
import { expect, test } from './support/fixtures';
import type { NodeProcess } from '../server/process/node-process';
import { startServer } from './support/server-process';

/**
 * Issue 13 §3: a page on another origin (a site a student happens to visit) tries to create
 * rooms on the game node, spelling the API path every way the router would still understand.
 * Each attempt must be refused and counted (corsRefused), and no room may come of it.
 */
test.describe('a page on another origin', () => {
  let node: NodeProcess;
  let hostile: Server;
  let hostileUrl = '';
  let dir = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-e2e-origin-'));
    // A node of its own: the room count and the counters are this test's alone.
    node = await startServer({ ROOM_STATE_FILE: path.join(dir, 'rooms.json'), JWT_SECRET: 'e2e-hostile-origin-secret-0123456789abcdef' });
    hostile = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>a page elsewhere</title>');
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const address = hostile.address();
    hostileUrl = `http://localhost:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  test.afterAll(async () => {
    await node?.stop();
    await new Promise<void>((resolve) => (hostile === undefined ? resolve() : hostile.close(() => resolve())));
    rmSync(dir, { recursive: true, force: true });
  });

  // The node's Cross-Origin-Resource-Policy (helmet: same-origin) also keeps the answers from
  // the page; Chromium logs each blocked read.
  test.use({ allowConsoleErrors: /ERR_BLOCKED_BY_RESPONSE|CORS policy|ERR_FAILED|status of 40[13]|Refused to connect|WebSocket connection|violates the following Content Security Policy/ });

  test('cannot create rooms, however it spells the path, and each refusal is counted', async ({ page }) => {
    const stats = async () => ((await (await fetch(`${node.url}/api/stats`)).json()) as { security: { corsRefused: number }; game: { rooms: number } });
    const before = await stats();
    expect(before.game.rooms).toBe(0);

    await page.goto(hostileUrl);
    const targets = ['/api/rooms', '/%61pi/rooms', '/%61%70%69/rooms', '/api/%72ooms', '/%61pi/classrooms'];
    // no-cors: a simple cross-site POST that the browser sends (with its Origin) without asking
    // first, as a form or an image beacon would; the page cannot read the answer either way.
    const sent = await page.evaluate(
      async ({ base, paths }) => {
        const results = await Promise.allSettled(paths.map((p) => fetch(base + p, { method: 'POST', mode: 'no-cors' })));
        return results.length;
      },
      { base: node.url, paths: targets },
    );
    expect(sent).toBe(targets.length);

    await expect.poll(async () => (await stats()).security.corsRefused).toBe(before.security.corsRefused + targets.length);
    const after = await stats();
    expect(after.game.rooms).toBe(0);
    // The node itself still makes rooms for its own pages.
    expect((await fetch(`${node.url}/api/rooms`, { method: 'POST' })).status).toBe(201);
  });

  // Issue 13 §8: connect-src was `ws: wss:`, so a script injected into the game page could
  // open a socket to any host. The page's own socket (the game) still connects.
  test('the game page may open sockets to its own node only', async ({ page }) => {
    await page.goto(node.url);
    const outcome = await page.evaluate(async (elsewhere) => {
      const blocked: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => blocked.push(`${e.effectiveDirective} ${e.blockedURI}`));
      const tryOpen = (url: string) =>
        new Promise<string>((resolve) => {
          try {
            const socket = new WebSocket(url);
            socket.onopen = () => {
              socket.close();
              resolve('open');
            };
            socket.onerror = () => resolve('error');
          } catch (error) {
            resolve(`thrown ${(error as Error).name}`);
          }
        });
      const own = await tryOpen(`${location.origin.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      const foreign = await tryOpen(elsewhere);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { own, foreign, blocked };
    }, hostileUrl.replace('http', 'ws'));
    expect(outcome.own).toBe('open');
    expect(outcome.foreign).not.toBe('open');
    expect(outcome.blocked).toEqual([`connect-src ${hostileUrl.replace('http', 'ws')}/`]);
  });

  // Issue 13 §8: the balancer's strategy switch took a cross-site text/plain POST without a token
  // (as the balancer ran by default: no admin token, so any caller on loopback, a browser too).
  test("cannot switch the balancer's strategy, with or without asking first", async ({ page }) => {
    const balancer = await startBalancer({ registry: new MemoryNodeRegistry(), log: createLogger('silent', 'e2e-balancer') });
    try {
      await page.goto(hostileUrl);
      const outcomes = await page.evaluate(async (base) => {
        const body = JSON.stringify({ strategy: 'round-robin' });
        const tries = [
          // What a form or a beacon can send: text/plain, no preflight.
          fetch(`${base}/balancer/strategy`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body }),
          // JSON with a guessed token: needs a preflight, which the balancer never grants.
          fetch(`${base}/balancer/strategy`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer guess' }, body }),
        ];
        return (await Promise.allSettled(tries)).map((r) => r.status);
      }, balancer.url);
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      expect(balancer.strategy).toBe('ip-hash');
    } finally {
      await balancer.stop();
    }
  });
});
