import { startNodeProcess } from '../../server/process/node-process';
import { ChaosCluster } from '../chaos/chaos-cluster';
import { sampleNode, type NodeSample } from '../support/node-sample';
import { createRoomAt, joinWatchers, stopWatchers, watchProblems } from '../support/watch-group';
import type { PlayerWatch } from '../support/player-watch';
import { growthProblems, summarizeWindow, type SoakWindow } from './soak-window';

export interface SoakOptions {
  target: 'node' | 'cluster';
  seconds: number;
  rooms?: number;
  botsPerRoom?: number;
  log?: (line: string) => void;
}

export interface SoakNodeReport {
  nodeId: string;
  samples: number;
  start: SoakWindow;
  end: SoakWindow;
  ticksSkipped: number;
}

export interface SoakReport {
  target: SoakOptions['target'];
  seconds: number;
  bots: number;
  nodes: SoakNodeReport[];
  /** Snapshots per second of the slowest bot over the whole run. */
  slowestSnapshotsPerS: number;
  problems: string[];
}

/** Samples taken this often; the first and last quarter of the run are compared. */
const SAMPLE_EVERY_MS = 1000;
/** Start-up allocations (JIT, first rounds, pools) settle before the start window opens. */
const WARM_UP_MS = 4000;

/**
 * Bots play for `seconds` against one node or a 2-node cluster behind the balancer; every node's
 * /metrics is sampled once a second. Memory, handles and tick time of the first quarter are
 * compared with the last: a leak shows as growth, a slow hot path as a rising tick time.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const env = { ROUND_SECONDS: '60', RESULTS_SECONDS: '3', LOG_LEVEL: 'error' };
  const cluster = options.target === 'cluster' ? await ChaosCluster.start({ nodes: 2, nodeEnv: env }) : null;
  const single = cluster === null ? await startNodeProcess(env) : null;
  const url = cluster?.url ?? single!.url;
  const nodeUrls = () => (cluster !== null ? [...cluster.nodes.values()].map((n) => ({ id: n.nodeId, url: n.url })) : [{ id: single!.nodeId, url: single!.url }]);
  const watches: PlayerWatch[] = [];
  try {
    for (let r = 0; r < (options.rooms ?? 2); r++) {
      const code = await createRoomAt(url);
      watches.push(...(await joinWatchers(url, code, options.botsPerRoom ?? 6, `S${r}b`)));
    }
    log(`soak (${options.target}): ${watches.length} bots on ${nodeUrls().map((n) => n.id).join(', ')} for ${options.seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const snapshotsAtStart = watches.map((w) => w.snapshots);
    const startedMs = performance.now();
    const samples = new Map<string, NodeSample[]>(nodeUrls().map((n) => [n.id, []]));
    const endMs = startedMs + options.seconds * 1000;
    while (performance.now() < endMs) {
      for (const node of nodeUrls()) samples.get(node.id)!.push(await sampleNode(node.url));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      if (Math.round((performance.now() - startedMs) / 1000) % 60 === 0) log(`  ${Math.round((performance.now() - startedMs) / 1000)} s`);
    }
    const elapsedS = (performance.now() - startedMs) / 1000;
    const slowestSnapshotsPerS = Math.min(...watches.map((w, i) => (w.snapshots - snapshotsAtStart[i]) / elapsedS));
    const problems = watchProblems(watches);
    const nodes: SoakNodeReport[] = [];
    for (const [nodeId, list] of samples) {
      const quarter = Math.max(2, Math.floor(list.length / 4));
      const start = summarizeWindow(list.slice(0, quarter));
      const end = summarizeWindow(list.slice(-quarter));
      nodes.push({ nodeId, samples: list.length, start, end, ticksSkipped: list[list.length - 1].ticksSkipped - list[0].ticksSkipped });
      problems.push(...growthProblems(nodeId, start, end));
    }
    return { target: options.target, seconds: elapsedS, bots: watches.length, nodes, slowestSnapshotsPerS, problems };
  } finally {
    stopWatchers(watches);
    await cluster?.stop();
    await single?.stop();
  }
}
