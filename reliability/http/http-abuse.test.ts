import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameNode } from '../../server/game-node';
import { startTestNode } from '../../server/test-support/start-test-node';
import { rawHttp } from '../support/raw-http';

/** A file beside the served folder: no request may ever return it. */
const SECRET = 'TOP-SECRET-OUTSIDE-THE-CLIENT';

let node: GameNode;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-http-abuse-'));
  const dist = path.join(root, 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>client</title>');
  writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), SECRET);
  writeFileSync(path.join(dist, '.env'), SECRET);
  node = await startTestNode({ clientDist: dist, httpRateLimitPerMinute: 300 });
});
afterAll(async () => {
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Sends `head`, then one byte of `drip` a second until the server answers or closes (20 s at most). */
function trickle(port: number, head: string, drip: string): Promise<{ status: number; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setInterval(() => socket.destroyed || socket.write(drip), 1000);
    const cap = setTimeout(() => socket.destroy(), 20_000);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(cap);
      resolve({ status: Number(/^HTTP\/1\.\d (\d{3})/.exec(data)?.[1] ?? 0), closedAfterMs: performance.now() - started });
    });
    socket.write(head);
  });
}

const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;

describe('HTTP abuse against one node', () => {
  it('path tricks on the static server: clear 4xx, never a file outside the built client', async () => {
    const tricks = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%00',
      '/index.html%00.js',
      '/secret.txt%00',
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      `//${path.join(root, 'secret.txt').slice(1)}`,
      '/.env',
      '/%2eenv',
      '/assets/../../secret.txt',
      '/%252e%252e/secret.txt',
    ];
    for (const trick of tricks) {
      const answer = await rawHttp(node.port, get(trick));
      expect(answer.body, trick).not.toContain(SECRET);
      expect([400, 403, 404], `${trick} -> ${answer.status}`).toContain(answer.status);
    }
    // The real files are still served.
    expect((await rawHttp(node.port, get('/assets/app-1234.js'))).status).toBe(200);
    expect((await rawHttp(node.port, get('/'))).status).toBe(200);
  });

  it('oversized, malformed and mistyped bodies and huge headers get clear status codes', async () => {
    const post = (type: string, body: string) =>
      `POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    expect((await rawHttp(node.port, post('application/json', `{"x":"${'a'.repeat(node.config.httpBodyLimitBytes + 10)}"}`))).status).toBe(413);
    expect((await rawHttp(node.port, post('application/json', '{"x": tru'))).status).toBe(400);
    expect((await rawHttp(node.port, post('application/json', '{"__proto__":{"polluted":1}}'))).status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await rawHttp(node.port, post('text/xml', '<a/>'))).status).toBe(415);
    const hugeHeader = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'h'.repeat(20_000)}\r\nConnection: close\r\n\r\n`;
    expect((await rawHttp(node.port, hugeHeader)).status).toBe(431);
    expect((await rawHttp(node.port, 'NOT HTTP AT ALL\r\n\r\n')).status).toBe(400);
    const body = (await rawHttp(node.port, post('application/json', `{"x":"${'a'.repeat(node.config.httpBodyLimitBytes + 10)}"}`))).body;
    expect(body).toContain('BODY_TOO_LARGE');
  });

  it('slow senders (slowloris) do not block others; idle and slow-header connections are closed', async () => {
    const slow: net.Socket[] = [];
    const closedAt: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      const socket = net.connect(node.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('close', () => closedAt.push(performance.now() - started));
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      slow.push(socket);
    }
    const drip = setInterval(() => slow.forEach((s, i) => s.destroyed || s.write(`X-Drip-${i}: 1\r\n`)), 1000);
    try {
      // Others are served at once while 30 connections trickle headers.
      const t0 = performance.now();
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1000);
      // An idle connection (no byte sent) is closed by connectionTimeout (10 s).
      const idle = await rawHttp(node.port, '', 15_000);
      expect(idle.closedAfterMs).toBeLessThan(12_000);
    } finally {
      clearInterval(drip);
      slow.forEach((s) => s.destroy());
    }
  }, 30_000);

  it('a foreign Origin is refused on every spelling of an API path, and no room is made', async () => {
    const post = (target: string) =>
      `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${node.port}\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
    const roomsBefore = node.rooms.size;
    for (const target of ['/api/rooms', '/%61pi/rooms', '/%61%70%69/rooms', '/api/%72ooms', '/%61pi/classrooms', '/api/rooms?x=1']) {
      const refusedBefore = node.stats.corsRefused;
      const answer = await rawHttp(node.port, post(target));
      expect(answer.status, target).toBe(403);
      expect(answer.body, target).toContain('CORS_ORIGIN_REFUSED');
      expect(node.stats.corsRefused, target).toBe(refusedBefore + 1);
    }
    expect(node.rooms.size).toBe(roomsBefore);
    // The same request without a foreign Origin is served: the refusal is about the origin.
    expect((await rawHttp(node.port, post('/%61pi/rooms').replace('Origin: https://evil.example\r\n', ''))).status).toBe(201);
  });

  it('the CSP lets pages connect to this host and the configured origins only, never any ws: host', async () => {
    const other = await startTestNode({ corsOrigins: ['https://school.example', 'http://lab.example:8080'] });
    try {
      for (const [n, extra] of [[node, []], [other, ["https://school.example", "wss://school.example", "http://lab.example:8080", "ws://lab.example:8080"]]] as const) {
        const host = `127.0.0.1:${n.port}`;
        const csp = (await fetch(`http://${host}/`)).headers.get('content-security-policy') ?? '';
        const connect = /connect-src ([^;]*)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
        expect(connect).toEqual(["'self'", `ws://${host}`, `wss://${host}`, ...extra]);
      }
      // A Host that is not a plain host name adds nothing to the policy.
      const oddCsp = await new Promise<string>((resolve, reject) => {
        httpGet({ host: '127.0.0.1', port: node.port, path: '/', headers: { host: 'evil.example;script-src *' } }, (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        }).on('error', reject);
      });
      expect(oddCsp).toMatch(/connect-src 'self' *;/);
      expect(oddCsp).not.toContain('evil.example');
    } finally {
      await other.stop();
    }
  });

  it('a body or a header trickled at a byte a second is cut off (408) at its timeout, not minutes later', async () => {
    const { httpRequestTimeoutMs, httpHeadersTimeoutMs } = node.config;
    const body = trickle(node.port, 'POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n', ' ');
    const header = trickle(node.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X');
    const [b, h] = await Promise.all([body, header]);
    expect(b.status).toBe(408);
    // Node checks for expired requests once a second (CONNECTIONS_CHECK_INTERVAL_MS).
    expect(b.closedAfterMs).toBeGreaterThanOrEqual(httpRequestTimeoutMs - 50);
    expect(b.closedAfterMs).toBeLessThan(httpRequestTimeoutMs + 1_500);
    expect(h.status).toBe(408);
    expect(h.closedAfterMs).toBeLessThan(httpHeadersTimeoutMs + 1_500);
  }, 30_000);

  it('many requests and connections from one address: 429 past the limit, the node still answers', async () => {
    const statuses = await Promise.all(Array.from({ length: 320 }, () => fetch(`${node.url}/api/rooms/ABCDE`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    const sockets = Array.from({ length: 200 }, () => net.connect(node.port, '127.0.0.1').on('error', () => undefined));
    try {
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    } finally {
      sockets.forEach((s) => s.destroy());
    }
  });
});

describe('socket heartbeat settings', () => {
  it('the ping interval and timeout come from config (PING_INTERVAL_MS, PING_TIMEOUT_MS)', async () => {
    const open = async (n: GameNode) => {
      const answer = await rawHttp(n.port, get('/socket.io/?EIO=4&transport=polling'));
      return JSON.parse(answer.body.slice(answer.body.indexOf('{'))) as { pingInterval: number; pingTimeout: number };
    };
    const tuned = await startTestNode({ pingIntervalMs: 1500, pingTimeoutMs: 700 });
    try {
      expect(await open(tuned)).toMatchObject({ pingInterval: 1500, pingTimeout: 700 });
      expect(await open(node)).toMatchObject({ pingInterval: 10_000, pingTimeout: 8_000 });
    } finally {
      await tuned.stop();
    }
  });
});
