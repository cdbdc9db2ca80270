import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { COMPILED_NODE_ARGS } from '../process/compiled-node-args';
import { workerExecArgv } from './bot-host';

/** Starts a worker with `execArgv` that exits at once; resolves with its exit code. */
function runWorker(execArgv: string[]): Promise<number> {
  const worker = new Worker('process.exit(0)', { eval: true, execArgv });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
}

describe('workerExecArgv', () => {
  it("drops the parent's TypeScript preloads (a worker cannot load them) and keeps loaders and source maps", () => {
    const argv = ['--import', 'tsx', '--import', 'file:///repo/server/launcher/exit-with-parent.ts', '--enable-source-maps', '--import=./x.mts', '--require=./y.cjs', '--no-warnings'];
    expect(workerExecArgv(argv)).toEqual(['--import', 'tsx', '--enable-source-maps', '--require=./y.cjs', '--no-warnings']);
    expect(workerExecArgv([])).toEqual([]);
  });

  it('drops V8 and per-process flags, with their values, which a worker refuses', () => {
    const argv = ['--max-semi-space-size=2', '--max-old-space-size', '512', '--expose-gc', '--cpu-prof', '--cpu-prof-dir=/tmp/p', '--title=node', '--experimental-policy=p.json', '--enable-source-maps', '--experimental-vm-modules'];
    expect(workerExecArgv(argv)).toEqual(['--enable-source-maps', '--experimental-vm-modules']);
  });

  it('gives a worker options it starts with under the flags npm start runs the node with', async () => {
    // The bug this pins: passed on whole, --max-semi-space-size made new Worker() throw, so no
    // classroom bot could start under npm start.
    expect(() => new Worker('process.exit(0)', { eval: true, execArgv: [...COMPILED_NODE_ARGS] })).toThrow(/execArgv/i);
    await expect(runWorker(workerExecArgv([...COMPILED_NODE_ARGS, '--expose-gc', '--import', 'tsx']))).resolves.toBe(0);
  });
});
