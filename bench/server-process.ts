import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcessOptions {
  /**
   * Entry point, from the project root: TypeScript runs under tsx, JavaScript under plain node.
   * @default 'server/dist/main.js' (the compiled node npm start runs: `npm run build:server`)
   */
  script?: string;
  /** Arguments after the script. */
  args?: string[];
  /** Node options before it, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/**
 * Starts the compiled game node (or another server that prints "running at URL", such as the
 * floor) in its own Node process on a free loopback port with `env` added, and resolves once it
 * prints its URL. Rooms are not persisted between runs. The benches measure the node as it
 * runs in production (issue #11): compiled JavaScript under plain node, no tsx loader.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 20_000, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const stateFile = path.join(os.tmpdir(), `roundtrip-bench-${process.pid}-${Date.now()}.json`);
  const script = options.script ?? 'server/dist/main.js';
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, script, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ROOM_STATE_FILE: stateFile, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(stateFile, { force: true });
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: match[1], child, stop });
      }
    });
  });
}
