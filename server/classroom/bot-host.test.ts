import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './bot-host';

describe('workerExecArgv', () => {
  it("drops the parent's TypeScript preloads (a worker cannot load them) and keeps the rest", () => {
    const argv = ['--import', 'tsx', '--import', 'file:///repo/server/launcher/exit-with-parent.ts', '--enable-source-maps', '--import=./x.mts', '--max-old-space-size=512'];
    expect(workerExecArgv(argv)).toEqual(['--import', 'tsx', '--enable-source-maps', '--max-old-space-size=512']);
    expect(workerExecArgv([])).toEqual([]);
  });
});
