import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run for tens of seconds by design (a 20 s soak, a 20 s chaos run, a 10 s fuzz,
 * HTTP timeouts waited out, several node processes). They start first so that they overlap the
 * short files instead of becoming the tail. Vitest orders by last run's durations when it has a
 * cache, but a clean CI clone has none and falls back to "largest file first", which puts the
 * 20-line soak and chaos files last (measured: a ~30 s tail). Only the order changes.
 */
const LONG_RUNNING_FIRST = [
  'reliability/soak/soak.test.ts',
  'reliability/chaos/chaos.test.ts',
  'server/cluster/cluster.test.ts',
  'reliability/http/http-abuse.test.ts',
  'reliability/fuzz/protocol-fuzz.test.ts',
  'server/cli-help.test.ts',
  'server/launcher/node-supervisor.test.ts',
  'reliability/http/cluster-launcher.test.ts',
  'server/cluster/restart-within-lease.test.ts',
  'bots/load-runner.test.ts',
  'server/game-node.test.ts',
];

class LongRunningFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = LONG_RUNNING_FIRST.indexOf(path.relative(file.project.config.root, file.moduleId).split(path.sep).join('/'));
      return i === -1 ? LONG_RUNNING_FIRST.length : i;
    };
    // Array.prototype.sort is stable: everything else keeps vitest's own order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'bots/**/*.test.ts', 'client/**/*.test.ts', 'bench/**/*.test.ts', 'reliability/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['server/test-support/vitest-global-setup.ts'],
    // Vitest's default is one worker fewer than the cores: a single worker on CI's two. Most
    // files here wait on sockets, timers and child processes rather than compute (one worker
    // kept ~0.55 of a core busy, 245 s wall), so two workers per core overlap the waiting.
    // Measured on 2 cores (clean cache): 3 workers 111 s, 4 workers 85 s, all green.
    maxWorkers: os.availableParallelism() * 2,
    sequence: { sequencer: LongRunningFirstSequencer },
  },
});
