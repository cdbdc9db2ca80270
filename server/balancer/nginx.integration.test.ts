import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import type { GameNode } from '../game-node';
import { freePort } from '../process/ports';
import { startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';
import { renderNginxConfig } from './nginx-config';

function findNginx(): string | null {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  return null;
}

const nginxBin = findNginx();

// .ci/run installs nginx; a developer machine without it skips only this file, and says why.
const title =
  nginxBin === null
    ? 'deploy/nginx/roundtrip.conf: SKIPPED because nginx is not installed (apt-get install nginx; .ci/run does)'
    : 'deploy/nginx/roundtrip.conf through a real nginx';

describe.skipIf(nginxBin === null)(title, () => {
  const nodes: GameNode[] = [];
  let prefix = '';
  let confPath = '';
  let nginx: ChildProcess | null = null;
  let url = '';

  beforeAll(async () => {
    nodes.push(await startTestNode({ nodeId: 'node-1' }), await startTestNode({ nodeId: 'node-2' }));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // All of nginx's files (pid, logs, temp) under one temp prefix: nothing in /etc or /var.
    prefix = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-nginx-'));
    chmodSync(prefix, 0o755);
    for (const dir of ['logs', 'temp']) mkdirSync(path.join(prefix, dir), { mode: 0o777 });
    confPath = path.join(prefix, 'roundtrip.conf');
    writeFileSync(confPath, renderNginxConfig({ listenPort: port, nodes: nodes.map((n) => `127.0.0.1:${n.port}`) }));
    nginx = spawn(nginxBin ?? 'nginx', ['-p', prefix, '-c', confPath, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitFor('nginx answering', async () => {
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    });
  });

  afterAll(async () => {
    if (nginx !== null && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await Promise.all(nodes.map((n) => n.stop()));
    if (prefix !== '') rmSync(prefix, { recursive: true, force: true });
  });

  it('passes nginx -t', () => {
    const checked = spawnSync(nginxBin ?? 'nginx', ['-t', '-p', prefix, '-c', confPath], { encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toContain('syntax is ok');
    const conf = readFileSync(confPath, 'utf8');
    expect(conf).toContain('hash $remote_addr consistent;');
  });

  it('creates a room and joins it through nginx over websocket and over polling', async () => {
    const created = await fetch(`${url}/api/rooms`, { method: 'POST' });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };
    // Same client address for the POST and both sockets: the consistent hash keeps them on one node.
    for (const transports of [['websocket'], ['polling']] as const) {
      const connection = new GameConnection({ url, transports: [...transports], reconnect: false, pingIntervalMs: 60_000 });
      try {
        const welcome = await connection.join(code, 'Viaginx');
        expect(welcome.room).toBe(code);
        await waitFor(`snapshots over ${transports[0]}`, () => connection.snapshotsReceived >= 3);
      } finally {
        await connection.leave();
      }
    }
  });
});
