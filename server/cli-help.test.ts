import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsHelp } from './cli-help';

const ROOT = path.resolve(import.meta.dirname, '..');
/** A CLI that ignored --help would start working (a bench, a cluster): cut it off. */
const HELP_TIMEOUT_MS = 30_000;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run -s <script> -- --help`, as an operator would type it. */
function runHelp(script: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, '--', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} --help still running after ${HELP_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, HELP_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('every CLI answers --help with its usage and exit 0', () => {
  const scripts = ['bots', 'cluster', 'bench', 'bench:load', 'fuzz', 'soak', 'chaos', 'balancer', 'serve', 'replay'];
  // Concurrently (vitest's default cap of 5): each is mostly a tsx start-up.
  it.concurrent.each(scripts)('npm run %s -- --help', { timeout: HELP_TIMEOUT_MS + 5000 }, async (script) => {
    const ran = await runHelp(script);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(new RegExp(`^usage: npm (run ${script}|start)\\b`, 'im'));
    expect(ran.stderr).toBe('');
  });
});

describe('wantsHelp', () => {
  it('finds --help or -h anywhere before a bare --', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--nodes', '3', '-h'])).toBe(true);
    expect(wantsHelp(['--nodes', '3'])).toBe(false);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});
