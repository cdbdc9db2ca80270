import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeAction } from '../balancer/node-control';
import { createLogger } from '../logger';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { waitFor } from '../test-support/wait-for';
import { ChildGroup } from './child-group';
import { NodeSupervisor } from './node-supervisor';
import { freePort, isPortFree } from '../process/ports';
import { waitForHealthy } from './wait-for-healthy';

/**
 * The launcher's side of the failover lesson, on real node processes over a real Redis: drain
 * ends a node gracefully (exit 0 after its hand-over), kill is SIGKILL, start brings the id
 * back on its old port (or a new one when that is taken), and the states say so throughout.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const log = createLogger('silent', 'supervisor-test');

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

describe('NodeSupervisor', () => {
  it('drains, kills and starts node processes; refuses what cannot be done', async () => {
    const children = new ChildGroup(() => undefined, () => '');
    const cordons: string[] = [];
    const supervisor = new NodeSupervisor({
      spawnNode: (id, port) =>
        spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ID: id, REDIS_URL: redis.url, JWT_SECRET: 'supervisor-test-secret-0123456789abcdef', LOG_LEVEL: 'warn', ROUNDTRIP_BANNER: 'off' },
        }),
      children,
      log,
      freePort: () => freePort(),
      isPortFree: (port) => isPortFree(port),
      waitHealthy: waitForHealthy,
      // Two cold tsx starts while the rest of the suite fills both cores: a clean CI clone on
      // Node 26 once took past the launcher's 45 s. The test is about the states, not the time.
      startTimeoutMs: 100_000,
    });
    let blocker: Server | null = null;
    try {
      const launched = await supervisor.launch(['node-1', 'node-2']);
      supervisor.attachRouting({ cordon: (id) => cordons.push(`cordon ${id}`), uncordon: (id) => cordons.push(`uncordon ${id}`) });
      expect(supervisor.list().map((n) => [n.id, n.state])).toEqual([
        ['node-1', 'up'],
        ['node-2', 'up'],
      ]);
      const state = (id: string) => supervisor.list().find((n) => n.id === id)!;

      // Drain: routing is told first, then the node hands over and exits 0.
      const drained = await supervisor.act('node-1', NodeAction.Drain);
      expect(drained).toMatchObject({ ok: true, node: { state: 'draining' } });
      expect(cordons).toEqual(['cordon node-1']);
      await waitFor('node-1 drained and gone', () => state('node-1').state === 'down', 20_000);
      expect(state('node-1').lastExit).toBe('drained');
      // The last running node is not drained: its players would have nowhere to go.
      expect(await supervisor.act('node-2', NodeAction.Drain)).toMatchObject({ ok: false, status: 409, code: 'LAST_NODE' });
      expect(await supervisor.act('node-1', NodeAction.Drain)).toMatchObject({ ok: false, status: 409, code: 'NODE_NOT_UP' });
      expect(await supervisor.act('node-1', NodeAction.Kill)).toMatchObject({ ok: false, status: 409, code: 'NODE_DOWN' });
      expect(await supervisor.act('node-7', NodeAction.Start)).toMatchObject({ ok: false, status: 404, code: 'NODE_NOT_FOUND' });

      // Start: the same id on its old port, in rotation again once it answers.
      expect(await supervisor.act('node-1', NodeAction.Start)).toMatchObject({ ok: true, node: { state: 'starting' } });
      expect(await supervisor.act('node-1', NodeAction.Start)).toMatchObject({ ok: false, code: 'NODE_RUNNING' });
      await waitFor('node-1 up again', () => state('node-1').state === 'up', 100_000, 100);
      expect(supervisor.addresses()[0]).toEqual(launched[0]);
      expect(cordons).toEqual(['cordon node-1', 'uncordon node-1']);
      expect((await fetch(`${launched[0].url}/healthz`)).ok).toBe(true);

      // Kill: SIGKILL, answered once the process is gone.
      expect(await supervisor.act('node-2', NodeAction.Kill)).toMatchObject({ ok: true, node: { state: 'down', lastExit: 'killed' } });
      await expect(fetch(`${launched[1].url}/healthz`)).rejects.toThrow();
      // Its port taken in the meantime: the node comes back on another one.
      const port = Number(new URL(launched[1].url).port);
      blocker = createServer();
      await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', () => resolve()));
      await supervisor.act('node-2', NodeAction.Start);
      await waitFor('node-2 up on a new port', () => state('node-2').state === 'up', 100_000, 100);
      expect(supervisor.addresses()[1].url).not.toBe(launched[1].url);
      expect(state('node-2').lastExit).toBe('killed');
    } finally {
      blocker?.close();
      await children.stopAll(3000);
    }
  }, 360_000);
});
