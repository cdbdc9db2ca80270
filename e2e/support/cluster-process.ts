import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../../server/process/node-process';
import { freePort } from '../../server/process/ports';

export interface ClusterProcess {
  /** The balancer, as students and the teacher open it. */
  url: string;
  /** The operator's token the launcher printed (the strategy switch, the node controls). */
  adminToken: string;
  child: ChildProcess;
  /** Everything the launcher printed so far, for failure messages. */
  output(): string;
  /** Ctrl-C: the launcher stops the nodes, the balancer and its Redis, and exits. */
  stop(): Promise<void>;
}

/**
 * The real `npm run cluster` (server/cluster-cli.ts) on a free port with a Redis of its own,
 * resolved once it printed its banner. Nothing of the machine's is used: REDIS_URL points at a
 * port nobody listens on, so the launcher starts its own redis-server.
 */
export async function startCluster(nodes: number, extraArgs: string[] = []): Promise<ClusterProcess> {
  const port = await freePort();
  const nobody = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: `redis://127.0.0.1:${nobody}`, BALANCER_HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_LOG_LEVEL: 'warn' };
  delete env.JWT_SECRET;
  delete env.BALANCER_ADMIN_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster-cli.ts', '--nodes', String(nodes), '--port', String(port), ...extraArgs], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${output}`)), 60_000);
    const onData = () => {
      if (output.includes('Ctrl-C stops all of it')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited with ${code}:\n${output}`));
    });
  });
  const adminToken = /authorization: Bearer ([A-Za-z0-9_-]+)/.exec(output)?.[1] ?? '';
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    adminToken,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
