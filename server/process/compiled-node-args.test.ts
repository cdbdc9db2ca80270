import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILED_NODE_ARGS } from './compiled-node-args';
import { REPO_ROOT } from './node-process';

describe('the compiled node runs with one set of options', () => {
  it('npm start passes exactly the options benches and the harness use', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const start = scripts.start.split('&&').map((part) => part.trim()).find((part) => part.endsWith('server/dist/main.js'));
    expect(start).toBeDefined();
    expect(start!.split(/\s+/)).toEqual(['node', ...COMPILED_NODE_ARGS, 'server/dist/main.js']);
  });
});
