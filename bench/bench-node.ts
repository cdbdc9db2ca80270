import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNodeProcess, type NodeProcess, type NodeProcessOptions } from '../server/process/node-process';

/** Every bench client is on loopback: the per-address limits a classroom needs would refuse them. */
export const BENCH_NODE_ENV = {
  MAX_ROOMS: '1000',
  ROOM_CREATE_LIMIT_PER_MINUTE: '100000',
  MAX_ROOMS_PER_ADDRESS: '100000',
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
} as const;

/**
 * A game node for a bench, through the one process harness (server/process): the compiled node
 * npm start runs (`npm run build:server` first), unless `options.script` says otherwise, with
 * the bench's limits and a saved-rooms file of its own, removed at stop.
 */
export async function startBenchNode(env: Record<string, string>, options: NodeProcessOptions = {}): Promise<NodeProcess> {
  const stateFile = path.join(os.tmpdir(), `roundtrip-bench-${process.pid}-${Date.now()}.json`);
  const node = await startNodeProcess({ ...BENCH_NODE_ENV, ROOM_STATE_FILE: stateFile, ...env }, { script: 'server/dist/main.js', ...options });
  const stop = node.stop;
  return {
    ...node,
    stop: async (signal) => {
      await stop(signal);
      rmSync(stateFile, { force: true });
    },
  };
}
