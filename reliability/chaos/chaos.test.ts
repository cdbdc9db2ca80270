import { describe, expect, it } from 'vitest';
import { redisServerAvailable } from '../../server/process/redis-server';
import { runChaos } from './chaos-run';

describe('chaos: nodes and Redis killed at random under bots (seeded)', () => {
  it.runIf(redisServerAvailable())('a short seeded run: every bot back in its slot, no score lower, no room lost, no duplicate', async () => {
    const lines: string[] = [];
    const report = await runChaos({ seconds: 20, seed: 7, log: (line) => lines.push(line) });
    const detail = lines.join('\n');
    expect(report.faults.length, detail).toBeGreaterThanOrEqual(3);
    expect(report.faults.some((f) => f.kind === 'kill-node'), detail).toBe(true);
    expect(report.faults.every((f) => f.recovered), detail).toBe(true);
    expect(report.problems, detail).toEqual([]);
    process.stdout.write(`${detail}\n`);
  }, 90_000);
});
