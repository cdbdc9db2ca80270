import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise');
const rules = join(repo, '.ci', 'dependency-rules.cjs');

async function cruise(cwd: string, ...paths: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(depcruise, ['--config', rules, ...paths], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

describe('dependency rules (issue #11)', () => {
  it('the tree has no import cycle and no folder imports a layer above it', async () => {
    const { code, output } = await cruise(repo, 'server', 'shared', 'client', 'bots', 'bench', 'reliability', 'e2e');
    expect(output).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  }, 60_000);

  it('catches what it exists to catch: net and cluster importing each other, even through types', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rt-deps-'));
    try {
      await mkdir(join(dir, 'server', 'net'), { recursive: true });
      await mkdir(join(dir, 'server', 'cluster'), { recursive: true });
      await writeFile(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"ESNext","moduleResolution":"bundler"}}');
      await writeFile(join(dir, 'server', 'net', 'edge.ts'), "import { locate } from '../cluster/directory';\nexport const edge = () => locate();\n");
      await writeFile(join(dir, 'server', 'cluster', 'directory.ts'), "import type { edge } from '../net/edge';\nexport const locate = (): typeof edge | null => null;\n");
      const { code, output } = await cruise(dir, 'server');
      expect(code).not.toBe(0);
      expect(output).toMatch(/no-circular/);
      expect(output).toMatch(/layer-cluster: server\/cluster\/directory\.ts → server\/net\/edge\.ts/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
