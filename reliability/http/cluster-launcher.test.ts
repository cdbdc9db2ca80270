import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../server/process/ports';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The first reply line a raw RESP PING gets from host:port. */
function pingReply(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2000, () => reject(new Error('no answer')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString('latin1').split('\r\n')[0]);
    });
  });
}

let launcher: ChildProcess | null = null;
afterEach(async () => {
  const child = launcher;
  launcher = null;
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
});

/**
 * Issue 13 §8, on `npm run cluster` itself: its own Redis wants a password made for the run, and
 * the balancer's strategy switch wants a token, while the teacher flow (create a classroom
 * through the balancer, switch with the teacher's token) still works.
 */
describe('npm run cluster', () => {
  it('starts its Redis with a password, and the strategy switch takes the teacher token or the printed admin token', async () => {
    const balancerPort = await freePort();
    // Nothing listens there, so the launcher starts a redis-server of its own.
    const nobody = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: `redis://127.0.0.1:${nobody}`, BALANCER_HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_LOG_LEVEL: 'warn' };
    // As a teacher starts it: no secrets given, the launcher makes them.
    delete env.JWT_SECRET;
    delete env.BALANCER_ADMIN_TOKEN;
    launcher = spawn(process.execPath, ['--import', 'tsx', 'server/cluster-cli.ts', '--nodes', '2', '--port', String(balancerPort)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${output}`)), 60_000);
      launcher!.stdout?.on('data', () => {
        if (output.includes('Ctrl-C stops all of it')) {
          clearTimeout(timer);
          resolve();
        }
      });
      launcher!.once('exit', (code) => reject(new Error(`the launcher exited with ${code}:\n${output}`)));
    });

    const redisPort = Number(/Redis:\s+redis:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(redisPort).toBeGreaterThan(0);
    expect(await pingReply(redisPort)).toMatch(/^-NOAUTH/);
    // The password is in no output line.
    expect(output).not.toMatch(/redis:\/\/:[^@\s]+@/);

    const base = `http://127.0.0.1:${balancerPort}`;
    const created = await fetch(`${base}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    const { teacherToken } = (await created.json()) as { teacherToken: string };
    const post = (strategy: string, headers: Record<string, string>) =>
      fetch(`${base}/balancer/strategy`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ strategy }) });
    expect((await post('round-robin', {})).status).toBe(401);
    expect((await post('round-robin', { authorization: `Bearer ${teacherToken}` })).status).toBe(200);
    const adminToken = /authorization: Bearer ([\w-]+)/.exec(output)?.[1] ?? '';
    expect((await post('least-connections', { authorization: `Bearer ${adminToken}` })).status).toBe(200);
    const status = (await (await fetch(`${base}/balancer/status`)).json()) as { strategy: string };
    expect(status.strategy).toBe('least-connections');
  }, 90_000);
});
