import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from './support/fixtures';
import { freePort, REPO_ROOT } from './support/server-process';

/**
 * Issue 13 §8: the balancer's strategy switch now needs a token. The teacher flow in the demo
 * cluster must still work: open /teacher through the balancer, create a classroom, switch the
 * strategy from the load-balancing card (the console sends its teacher token).
 */
test.describe('the teacher console in `npm run cluster`', () => {
  let launcher: ChildProcess | null = null;
  let base = '';

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const port = await freePort();
    const nobody = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: `redis://127.0.0.1:${nobody}`, BALANCER_HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_LOG_LEVEL: 'warn' };
    delete env.JWT_SECRET;
    delete env.BALANCER_ADMIN_TOKEN;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster-cli.ts', '--nodes', '2', '--port', String(port)], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ctrl-C stops all of it')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`the launcher exited with ${code}:\n${output}`)));
    });
    base = `http://127.0.0.1:${port}`;
  });

  test.afterAll(async () => {
    const child = launcher;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  });

  test('switches the balancing strategy from the lesson card', async ({ page }) => {
    await page.goto(`${base}/teacher`);
    await page.getByTestId('create-classroom').click();
    await expect(page.getByTestId('teacher-console')).toBeVisible();
    await page.getByTestId('lesson-tab-balancing').click();
    await expect(page.getByTestId('live-strategy')).toHaveText('ip-hash');
    await page.locator('[data-strategy="round-robin"]').click();
    await expect(page.getByTestId('live-strategy')).toHaveText('round-robin');
    await expect(page.getByTestId('cluster-message')).toHaveText('');
    const status = (await (await fetch(`${base}/balancer/status`)).json()) as { strategy: string };
    expect(status.strategy).toBe('round-robin');
  });
});
