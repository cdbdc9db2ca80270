import { describe, expect, it } from 'vitest';
import { redisServerAvailable } from '../../server/process/redis-server';
import { runSoak } from './soak-run';

describe('soak (short form)', () => {
  it.runIf(redisServerAvailable())('20 s of bots on one node and on a 2-node cluster: no growth in handles or heap, nobody dropped', async () => {
    const [node, cluster] = await Promise.all([
      runSoak({ target: 'node', seconds: 20, rooms: 2, botsPerRoom: 4 }),
      runSoak({ target: 'cluster', seconds: 20, rooms: 2, botsPerRoom: 4 }),
    ]);
    for (const report of [node, cluster]) {
      const detail = JSON.stringify(report.nodes);
      expect(report.problems, detail).toEqual([]);
      expect(report.slowestSnapshotsPerS, detail).toBeGreaterThan(20);
      process.stdout.write(`soak ${report.target}: ${detail}\n`);
    }
    expect(cluster.nodes.length).toBe(2);
  }, 90_000);
});
