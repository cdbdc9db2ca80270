import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import type { GameNode } from '../game-node';
import { startTestNode } from '../test-support/start-test-node';

/** A throwaway self-signed certificate for 127.0.0.1, made with the system's openssl. */
let dir = '';
let node: GameNode;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  node = await startTestNode({ tlsCertFile: path.join(dir, 'cert.pem'), tlsKeyFile: path.join(dir, 'key.pem') });
});
afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves the API over HTTPS and the game over WSS when given a certificate and key', async () => {
    expect(node.url.startsWith('https://')).toBe(true);
    const health = await getJson(`${node.url}/healthz`);
    expect(health.status).toBe(200);
    const stats = await getJson(`${node.url}/api/stats`);
    expect((stats.body as { security: { tls: boolean } }).security.tls).toBe(true);

    const created = await new Promise<string>((resolve, reject) => {
      const req = request(`${node.url}/api/rooms`, { method: 'POST', rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve((JSON.parse(text) as { code: string }).code));
      });
      req.on('error', reject);
      req.end();
    });
    const player = new GameConnection({ url: node.url, extraOptions: { rejectUnauthorized: false } });
    try {
      const welcome = await player.join(created, 'Secure');
      expect(welcome.room).toBe(created);
    } finally {
      player.close();
    }
  });
});
