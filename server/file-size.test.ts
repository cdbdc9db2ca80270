import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './process/node-process';

/** Issue #11: small files with one job in the folders the hot path runs through. */
const MAX_LINES = 300;
const FOLDERS = ['server', 'shared', 'client/net'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('file sizes (issue #11)', () => {
  it(`no source file in ${FOLDERS.join(', ')} is over ${MAX_LINES} lines`, () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(join(REPO_ROOT, folder)));
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((file) => ({ file: relative(REPO_ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(over).toEqual([]);
  });
});
