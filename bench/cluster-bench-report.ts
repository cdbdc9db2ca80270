import { median } from './load-bench-report';
import { fixed as f, textTable } from './text-table';

/* The cluster bench's report: one run's figures, medians over repeats and the table it prints. */

export interface ClusterRunResult {
  mode: string;
  players: number;
  repeat: number;
  connected: number;
  failedJoins: number;
  disconnects: number;
  remotePlayers: number;
  perNode: Record<string, number>;
  /** Sum over game node processes, cores (1 = one core busy). */
  nodeCpuCores: number;
  nodeCpuMsPerClientS: number;
  nodeCpuUsPerPlayerTick: number;
  redisCpuCores: number;
  balancerCpuCores: number;
  botCpuCores: number;
  /** Everything but the bots, per client: nodes + Redis + balancer. */
  serverSideCpuMsPerClientS: number;
  nodePublishesPerS: number;
  redisCommandsPerS: number;
  redisSpublishPerS: number;
  redisPublishPerS: number;
  redisInstantaneousOps: number;
  redisNetInKBs: number;
  redisNetOutKBs: number;
  /** Redis calls per second by command (INFO commandstats), busiest first. */
  redisCommandMix: Record<string, number>;
  echoP50Ms: number;
  echoP99Ms: number;
  echoLocalP50Ms: number;
  echoLocalP99Ms: number;
  echoRemoteP50Ms: number;
  echoRemoteP99Ms: number;
  echoRemoteMinusLocalP50Ms: number;
  rttP50Ms: number;
  snapshotsPerClientS: number;
  loadAvg1: number;
}

/** Medians over repeats of every numeric field, per (mode, players). */
export function medians(results: ClusterRunResult[]): ClusterRunResult[] {
  const groups = new Map<string, ClusterRunResult[]>();
  for (const r of results) groups.set(`${r.mode}|${r.players}`, [...(groups.get(`${r.mode}|${r.players}`) ?? []), r]);
  return [...groups.values()].map((runs) => {
    const first = runs[0];
    const out = { ...first, repeat: runs.length } as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(first)) {
      if (typeof value === 'number' && key !== 'players' && key !== 'repeat') out[key] = median(runs.map((r) => (r as unknown as Record<string, number>)[key]));
    }
    return out as unknown as ClusterRunResult;
  });
}

export /** One row per (mode, players), the medians over repeats. */
function table(rows: ClusterRunResult[]): string {
  const head = ['mode', 'players', 'runs', 'conn', 'remote', 'node CPU', 'ms/cl/s', 'us/pl/tick', 'redis CPU', 'bal CPU', 'all-in ms/cl/s', 'pub/s (nodes)', 'redis cmd/s', 'spublish/s', 'redis out kB/s', 'echo p50', 'echo p99', 'local p50', 'remote p50', 'remote p99', 'bot CPU', 'load1'];
  const body = rows.map((r) => [
    r.mode,
    String(r.players),
    String(r.repeat),
    r.connected < r.players ? `${f(r.connected, 0)}!` : f(r.connected, 0),
    f(r.remotePlayers, 0),
    `${f(r.nodeCpuCores * 100, 0)}%`,
    f(r.nodeCpuMsPerClientS, 3),
    f(r.nodeCpuUsPerPlayerTick),
    `${f(r.redisCpuCores * 100, 0)}%`,
    `${f(r.balancerCpuCores * 100, 0)}%`,
    f(r.serverSideCpuMsPerClientS, 3),
    f(r.nodePublishesPerS, 0),
    f(r.redisCommandsPerS, 0),
    f(r.redisSpublishPerS, 0),
    f(r.redisNetOutKBs, 0),
    f(r.echoP50Ms),
    f(r.echoP99Ms),
    f(r.echoLocalP50Ms),
    f(r.echoRemoteP50Ms),
    f(r.echoRemoteP99Ms),
    `${f(r.botCpuCores * 100, 0)}%`,
    f(r.loadAvg1, 2),
  ]);
  return textTable(head, body);
}
