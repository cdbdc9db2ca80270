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
  /** Entry point, from the project root. @default 'server/main.ts' */
  script?: string;
  /** Arguments after the script. */
  args?: string[];
  /** Node options before it, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/**
 * Starts `server/main.ts` (or another server that prints "running at URL", such as the floor)
 * in its own Node process on a free loopback port with `env` added, and resolves once it
 * prints its URL. Rooms are not persisted between runs.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 20_000, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const stateFile = path.join(os.tmpdir(), `roundtrip-bench-${process.pid}-${Date.now()}.json`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.script ?? 'server/main.ts', ...(options.args ?? [])], {
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
