import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

/** The repository root (this file is server/process/node-process.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface NodeProcessOptions {
  /**
   * Entry point from the repository root: TypeScript runs under tsx, JavaScript under plain
   * node (the compiled node npm start runs is server/dist/main.js). @default 'server/main.ts'
   */
  script?: string;
  /** Arguments after the script. */
  args?: string[];
  /** Node options before it (--cpu-prof, ...). */
  nodeArgs?: string[];
  /** The port to listen on. @default a free one */
  port?: number;
  /** @default 20000 */
  startTimeoutMs?: number;
}

export interface NodeProcess {
  url: string;
  port: number;
  nodeId: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGKILL: the node dies without a goodbye, as a crashed machine would. */
  kill(): Promise<void>;
  /** A signal (SIGTERM: a graceful stop; SIGUSR2: a drain) and the wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A game node (or another server that prints "running at URL", such as the bench's floor) in a
 * process of its own on loopback, resolved once it prints its URL. The one way Roundtrip's
 * tests, benches, e2e suite and reliability runs start a node (issue #11: one process
 * harness; production code never imports test support). Killing it is a real crash: sockets
 * drop, leases stop being renewed.
 */
export async function startNodeProcess(env: Record<string, string>, options: NodeProcessOptions = {}): Promise<NodeProcess> {
  const port = options.port ?? (await freePort());
  const nodeId = env.NODE_ID ?? `node-${port}`;
  const script = options.script ?? 'server/main.ts';
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, path.join(REPO_ROOT, script), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), NODE_ID: nodeId, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${nodeId} did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = () => {
      const match = /running at (https?:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.removeListener('exit', onExit);
      resolve(match[1]);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`node ${nodeId} exited with ${code}:\n${output}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    nodeId,
    child,
    output: () => output,
    kill: () => signal('SIGKILL'),
    stop: (name: NodeJS.Signals = 'SIGTERM') => signal(name),
  };
}
