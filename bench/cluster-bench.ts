import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { spawnRedisServer } from '../server/process/redis-server';
import { freePort } from '../server/process/ports';
import type { NodeProcess } from '../server/process/node-process';
import { promValue, type PromSample } from './prom-text';
import { medians, table, type ClusterRunResult } from './cluster-bench-report';
import { procCpuS, redisInfo, scrape, sumMetric } from './process-probes';
import { fixed as f } from './text-table';
import { startBenchNode } from './bench-node';

/**
 * `npm run bench:load -- --cluster`: what the Redis hop costs (issue #6). For each player count
 * and repeat, the same bots (bench/cluster-bots.ts, own process) play against
 *   - `direct`: one node, no Redis, the bots connected straight to it;
 *   - `<strategy>`: two cluster nodes + a redis-server of the bench's own (free port, no
 *     persistence) + the balancer (server/balancer/main.ts, own process), bots through the
 *     balancer, for each balancer strategy asked for.
 * Rooms are created through the balancer under round-robin (so they spread over both nodes:
 * the bots all come from 127.0.0.1, and POST /api/rooms names no room, so room-affinity and
 * ip-hash would create every room on one node), then the strategy under test is switched on
 * for the joins. Figures per run: CPU of every process (nodes from /metrics, Redis and the
 * balancer from /proc/<pid>/stat, bots from their own process.cpuUsage), Redis commands /
 * sharded publishes / bytes from INFO, the nodes' roundtrip_redis_publishes_total, and echo
 * latency split by bots on the room's owner node vs on the other node.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const PLAYERS_PER_ROOM = 20;
export type { ClusterRunResult } from './cluster-bench-report';

export interface ClusterBenchOptions {
  playerCounts: number[];
  durationS: number;
  strategies: string[];
  repeats: number;
  includeDirect: boolean;
}

interface EchoStats {
  n: number;
  p50: number | null;
  p99: number | null;
  mean: number | null;
}
interface BotSummary {
  clients: number;
  connected: number;
  failed_joins: number;
  disconnects: number;
  remote_players: number;
  per_node: Record<string, number>;
  window_s: number;
  echo_all: EchoStats;
  echo_local: EchoStats;
  echo_remote: EchoStats;
  rtt_p50_ms: number | null;
  rtt_p99_ms: number | null;
  snapshots_per_client_per_s: number;
  inputs_per_client_per_s: number;
  bot_cpu_cores: number;
}


const num = (v: number | null | undefined) => (v === null || v === undefined ? Number.NaN : v);

/** Starts the bots; resolves `windowStart` when they begin measuring and `summary` when they stop. */
function startBots(url: string, codes: string[], durationS: number): { child: ChildProcess; windowStart: Promise<void>; summary: Promise<BotSummary> } {
  const rampS = Math.max(1, Math.ceil((codes.length * PLAYERS_PER_ROOM) / 200));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/cluster-bots.ts', '--url', url, '--codes', codes.join(','), '--players', String(PLAYERS_PER_ROOM), '--duration', String(durationS), '--ramp', String(rampS)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let onStart: () => void = () => undefined;
  let onSummary: (s: BotSummary) => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const windowStart = new Promise<void>((resolve, reject) => {
    onStart = resolve;
    child.once('exit', (code) => reject(new Error(`bots exited (${code}) before their window`)));
  });
  const summary = new Promise<BotSummary>((resolve, reject) => {
    onSummary = resolve;
    onFail = reject;
  });
  child.once('exit', (code) => onFail(new Error(`bots exited (${code}) without a summary`)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const message = JSON.parse(line) as { event?: string };
      if (message.event === 'window-start') onStart();
      else if (message.event === 'summary') onSummary(message as unknown as BotSummary);
    } catch {
      // not ours
    }
  });
  windowStart.catch(() => undefined);
  summary.catch(() => undefined);
  return { child, windowStart, summary };
}

async function createRooms(url: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(new URL('/api/rooms', url), { method: 'POST', signal: AbortSignal.timeout(5000) });
    if (response.status !== 201) throw new Error(`POST /api/rooms answered ${response.status}: ${await response.text()}`);
    codes.push(((await response.json()) as { code: string }).code);
  }
  return codes;
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Everything a cluster run starts, stopped in reverse order. */
class Stack {
  redis: ChildProcess | null = null;
  redisPort = 0;
  nodes: NodeProcess[] = [];
  balancer: ChildProcess | null = null;
  balancerUrl = '';
  /** The balancer's strategy switch needs a token. */
  readonly adminToken = randomBytes(18).toString('base64url');
  single: NodeProcess | null = null;

  async startCluster(nodeCount: number, strategy: string): Promise<void> {
    this.redisPort = await freePort();
    this.redis = await spawnRedisServer(this.redisPort);
    const redisUrl = `redis://127.0.0.1:${this.redisPort}`;
    const secret = randomBytes(32).toString('base64url');
    for (let i = 1; i <= nodeCount; i++) {
      const node = await startBenchNode({
        NODE_ID: `node-${i}`,
        CLUSTER: '1',
        REDIS_URL: redisUrl,
        JWT_SECRET: secret,
        SNAPSHOT_CODEC: 'binary',
        WIRE_PARSER: 'custom',
        MAX_PLAYERS_PER_ROOM: String(PLAYERS_PER_ROOM),
      });
      this.nodes.push(node);
    }
    const port = await freePort();
    this.balancerUrl = `http://127.0.0.1:${port}`;
    this.balancer = spawn(process.execPath, ['--import', 'tsx', 'server/balancer/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redisUrl, BALANCER_PORT: String(port), BALANCER_HOST: '127.0.0.1', BALANCER_STRATEGY: strategy, BALANCER_ADMIN_TOKEN: this.adminToken, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Ready when the balancer sees every node healthy.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const status = (await (await fetch(`${this.balancerUrl}/balancer/status`, { signal: AbortSignal.timeout(1000) })).json()) as { nodes: { id: string; healthy?: boolean; inRotation?: boolean }[] };
        const up = status.nodes.filter((n) => n.healthy !== false && n.inRotation !== false);
        if (up.length >= nodeCount) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('the balancer did not see every node within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async setStrategy(strategy: string): Promise<void> {
    const response = await fetch(`${this.balancerUrl}/balancer/strategy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminToken}` },
      body: JSON.stringify({ strategy }),
    });
    if (!response.ok) throw new Error(`POST /balancer/strategy answered ${response.status}: ${await response.text()}`);
  }

  async stop(): Promise<void> {
    if (this.balancer !== null) await stopChild(this.balancer);
    await Promise.all(this.nodes.map((n) => n.stop()));
    if (this.single !== null) await this.single.stop();
    if (this.redis !== null) await stopChild(this.redis);
  }
}

async function runOne(mode: string, players: number, repeat: number, durationS: number): Promise<ClusterRunResult> {
  const stack = new Stack();
  const rooms = players / PLAYERS_PER_ROOM;
  let bots: ReturnType<typeof startBots> | null = null;
  try {
    let botUrl: string;
    let nodeUrls: string[];
    if (mode === 'direct') {
      stack.single = await startBenchNode({ SNAPSHOT_CODEC: 'binary', WIRE_PARSER: 'custom', MAX_PLAYERS_PER_ROOM: String(PLAYERS_PER_ROOM) });
      botUrl = stack.single.url;
      nodeUrls = [stack.single.url];
    } else {
      await stack.startCluster(2, 'round-robin');
      botUrl = stack.balancerUrl;
      nodeUrls = stack.nodes.map((n) => n.url);
    }
    const codes = await createRooms(botUrl, rooms);
    if (mode !== 'direct' && mode !== 'round-robin') await stack.setStrategy(mode);
    bots = startBots(botUrl, codes, durationS);
    await bots.windowStart;
    const before = {
      nodes: await Promise.all(nodeUrls.map(scrape)),
      redis: stack.redis !== null ? await redisInfo(stack.redisPort) : new Map<string, number>(),
      redisCpu: procCpuS(stack.redis?.pid),
      balancerCpu: procCpuS(stack.balancer?.pid),
      atMs: performance.now(),
    };
    const b = await bots.summary;
    const after = {
      nodes: await Promise.all(nodeUrls.map(scrape)),
      redis: stack.redis !== null ? await redisInfo(stack.redisPort) : new Map<string, number>(),
      redisCpu: procCpuS(stack.redis?.pid),
      balancerCpu: procCpuS(stack.balancer?.pid),
      atMs: performance.now(),
    };
    const windowS = (after.atMs - before.atMs) / 1000;
    const delta = (name: string) => sumMetric(after.nodes, name) - sumMetric(before.nodes, name);
    const rdelta = (key: string) => (after.redis.get(key) ?? 0) - (before.redis.get(key) ?? 0);
    const nodeCpuS = delta('process_cpu_seconds_total');
    const ticks = delta('roundtrip_ticks_total');
    const connected = Math.max(1, b.connected);
    const nodeCpuCores = nodeCpuS / windowS;
    const redisCpuCores = stack.redis !== null ? (after.redisCpu - before.redisCpu) / windowS : 0;
    const balancerCpuCores = stack.balancer !== null ? (after.balancerCpu - before.balancerCpu) / windowS : 0;
    return {
      mode,
      players,
      repeat,
      connected: b.connected,
      failedJoins: b.failed_joins,
      disconnects: b.disconnects,
      remotePlayers: b.remote_players,
      perNode: b.per_node,
      nodeCpuCores,
      nodeCpuMsPerClientS: (nodeCpuCores * 1000) / connected,
      // Ticks are summed over nodes, and each node ticks only its own rooms: per player-tick
      // we divide by the ticks of one node (both tick at the same rate).
      nodeCpuUsPerPlayerTick: (nodeCpuS * 1e6) / Math.max(1, ticks / nodeUrls.length) / connected,
      redisCpuCores,
      balancerCpuCores,
      botCpuCores: b.bot_cpu_cores,
      serverSideCpuMsPerClientS: ((nodeCpuCores + redisCpuCores + balancerCpuCores) * 1000) / connected,
      nodePublishesPerS: stack.redis !== null ? delta('roundtrip_redis_publishes_total') / windowS : 0,
      redisCommandsPerS: rdelta('total_commands_processed') / windowS,
      redisSpublishPerS: rdelta('cmdstat_spublish.calls') / windowS,
      redisPublishPerS: rdelta('cmdstat_publish.calls') / windowS,
      redisInstantaneousOps: after.redis.get('instantaneous_ops_per_sec') ?? 0,
      redisNetInKBs: rdelta('total_net_input_bytes') / windowS / 1000,
      redisNetOutKBs: rdelta('total_net_output_bytes') / windowS / 1000,
      redisCommandMix: Object.fromEntries(
        [...after.redis.keys()]
          .filter((k) => k.startsWith('cmdstat_'))
          .map((k) => [k.slice('cmdstat_'.length, -'.calls'.length), Math.round((rdelta(k) / windowS) * 10) / 10] as const)
          .filter(([, perS]) => perS > 0)
          .sort((a, b) => b[1] - a[1]),
      ),
      echoP50Ms: num(b.echo_all.p50),
      echoP99Ms: num(b.echo_all.p99),
      echoLocalP50Ms: num(b.echo_local.p50),
      echoLocalP99Ms: num(b.echo_local.p99),
      echoRemoteP50Ms: num(b.echo_remote.p50),
      echoRemoteP99Ms: num(b.echo_remote.p99),
      echoRemoteMinusLocalP50Ms: num(b.echo_remote.p50) - num(b.echo_local.p50),
      rttP50Ms: num(b.rtt_p50_ms),
      snapshotsPerClientS: b.snapshots_per_client_per_s,
      loadAvg1: os.loadavg()[0],
    };
  } finally {
    if (bots !== null) await stopChild(bots.child, 3000);
    await stack.stop();
  }
}

export async function runClusterBench(options: ClusterBenchOptions): Promise<void> {
  const modes = [...(options.includeDirect ? ['direct'] : []), ...options.strategies];
  const results: ClusterRunResult[] = [];
  const loadAtStart = os.loadavg();
  // Interleaved (repeat-major) so a noisy minute on the shared machine smears over every mode.
  for (let repeat = 1; repeat <= options.repeats; repeat++) {
    for (const players of options.playerCounts) {
      for (const mode of modes) {
        process.stderr.write(`bench:load --cluster ${mode} with ${players} players, run ${repeat}/${options.repeats}, load ${os.loadavg()[0].toFixed(2)}...\n`);
        let r: ClusterRunResult;
        try {
          r = await runOne(mode, players, repeat, options.durationS);
        } catch (error) {
          // A starved machine can time a scrape out: skip that run, keep the others.
          process.stderr.write(`  run failed, left out: ${error instanceof Error ? error.message : String(error)}\n`);
          continue;
        }
        process.stderr.write(`  ${JSON.stringify(r)}\n`);
        process.stderr.write(`  node CPU ${f(r.nodeCpuCores * 100, 0)}%, redis ${f(r.redisCpuCores * 100, 0)}%, echo local/remote p50 ${f(r.echoLocalP50Ms)}/${f(r.echoRemoteP50Ms)} ms, bots ${f(r.botCpuCores * 100, 0)}%\n`);
        results.push(r);
      }
    }
  }
  const med = medians(results);
  const cores = os.cpus().length;
  const out = process.stdout;
  out.write(`\nRoundtrip cluster load bench: ${PLAYERS_PER_ROOM} players per room, 30 Hz, ${options.durationS} s per run, medians of ${options.repeats} run(s); everything on this machine (${cores} cores), load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at end\n\n`);
  out.write(`${table(med)}\n\n`);
  out.write('direct: 1 node, no Redis, bots straight to it. Other rows: 2 cluster nodes + redis-server + balancer (own processes), bots through the balancer with that strategy.\n');
  out.write('Rooms are created through the balancer under round-robin so they spread over both nodes, then the strategy under test places the joins.\n');
  out.write('ip-hash is not run: every bot comes from 127.0.0.1, so ip-hash puts every player on one node (the school-NAT case).\n');
  out.write('node CPU: sum over game node processes (100% = one core); ms/cl/s: that per client; all-in: nodes + Redis + balancer per client.\n');
  out.write('pub/s (nodes): roundtrip_redis_publishes_total summed over nodes; redis cmd/s and spublish/s from the bench\'s own redis-server INFO.\n');
  out.write('remote: bots on a node other than their room\'s owner (inputs relayed over Redis, snapshots back through the Redis adapter).\n');
  out.write('remote p50 - local p50 = the cross-node input->echo latency; bot CPU near 100% means the bots, not the servers, set the pace.\n\n');
  for (const r of med.filter((x) => x.remotePlayers > 0 && Number.isFinite(x.echoLocalP50Ms))) {
    out.write(`${r.mode} ${r.players}: cross-node latency (remote - local echo p50) ${f(r.echoRemoteMinusLocalP50Ms)} ms; remote p99 ${f(r.echoRemoteP99Ms)} vs local p99 ${f(r.echoLocalP99Ms)} ms\n`);
  }
  for (const players of options.playerCounts) {
    const direct = med.find((r) => r.mode === 'direct' && r.players === players);
    if (direct === undefined) continue;
    for (const r of med.filter((x) => x.mode !== 'direct' && x.players === players)) {
      out.write(`${players} players: ${r.mode} costs ${f(r.serverSideCpuMsPerClientS / direct.nodeCpuMsPerClientS, 2)}x the server-side CPU per client of one node direct (nodes alone ${f(r.nodeCpuMsPerClientS / direct.nodeCpuMsPerClientS, 2)}x)\n`);
    }
  }
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(path.join(ROOT, 'results'), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = { durationS: options.durationS, playersPerRoom: PLAYERS_PER_ROOM, repeats: options.repeats, loadAvgStart: loadAtStart, loadAvgEnd: os.loadavg(), medians: med, runs: results };
  writeFileSync(path.join(ROOT, 'results', `cluster-bench-${stamp}.json`), JSON.stringify(json, null, 2));
  out.write(`\nresults: results/cluster-bench-${stamp}.json\n`);
  out.write(`${JSON.stringify(json)}\n`);
}
