import type { PlayerWatch } from '../support/player-watch';
import { createRoomAt, joinWatchers, stopWatchers, watchProblems } from '../support/watch-group';
import { ChaosCluster } from './chaos-cluster';
import { SeededRandom } from './seeded-random';

export interface ChaosOptions {
  /** Faults are injected until this many seconds have passed (the last one still recovers). */
  seconds: number;
  seed: number;
  /** @default 2 */
  nodes?: number;
  /** @default 2 */
  rooms?: number;
  /** @default 3 */
  botsPerRoom?: number;
  /** A fault not recovered from within this long counts as a failure. @default 30000 */
  recoveryTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface FaultRecord {
  kind: 'kill-node' | 'kill-redis';
  target: string;
  atS: number;
  downMs: number;
  /** Rooms owned by the killed node when it died. */
  roomsHit: string[];
  /** From the kill until every bot of the rooms hit gets snapshots again (node faults). */
  roomTickingAgainMs: number;
  /** From Redis coming back until every node reports healthy (Redis faults). */
  clusterHealthyMs: number;
  /** From the kill (or Redis back) until every bot is seated, synced and all invariants hold. */
  allRecoveredMs: number;
  recovered: boolean;
}

export interface ChaosReport {
  seed: number;
  faults: FaultRecord[];
  bots: number;
  rooms: number;
  /** Broken invariants, as readable lines (the goal: none). */
  problems: string[];
  /** Snapshots per second of the slowest bot at the end. */
  finalSnapshotsPerS: number;
  durationS: number;
}

/** Round length for the run: long enough that no round ends while faults are injected. */
const CHAOS_ROUND_SECONDS = 3600;
const TICK_RATE_HZ = 30;

interface RoomGroup {
  code: string;
  watches: PlayerWatch[];
}

/**
 * The chaos run: a cluster of its own with bots in a few rooms, faults one after another
 * (seeded: kill -9 a node and restart it, or kill Redis and restart it empty), and after each
 * one the wait for recovery, timed, then every invariant checked:
 *   every bot seated again in its own slot (no duplicate, no new seat), its score never lower,
 *   no room lost (each room's players all present), snapshots at the tick rate again.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = new SeededRandom(options.seed);
  const startedMs = performance.now();
  const cluster = await ChaosCluster.start({
    nodes: options.nodes ?? 2,
    nodeEnv: { ROUND_SECONDS: String(CHAOS_ROUND_SECONDS), RESUME_GRACE_MS: '60000', TICK_RATE_HZ: String(TICK_RATE_HZ) },
  });
  const groups: RoomGroup[] = [];
  const faults: FaultRecord[] = [];
  const problems: string[] = [];
  try {
    log(`cluster: ${cluster.nodeIds.join(', ')} behind ${cluster.url}, redis ${cluster.redis.url}`);
    for (let r = 0; r < (options.rooms ?? 2); r++) {
      const code = await createRoomAt(cluster.url);
      groups.push({ code, watches: await joinWatchers(cluster.url, code, options.botsPerRoom ?? 3, `R${r}b`) });
    }
    const all = () => groups.flatMap((g) => g.watches);
    log(`rooms ${groups.map((g) => `${g.code} (${g.watches.length} bots)`).join(', ')}`);
    const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 30_000;
    // The fault window starts once the cluster is up and every bot plays.
    const faultsFromMs = performance.now();

    while ((performance.now() - faultsFromMs) / 1000 < options.seconds) {
      await sleep(random.int(1000, 3000));
      const killRedis = random.next() < 0.35;
      const downMs = random.int(300, 3000);
      const atS = (performance.now() - faultsFromMs) / 1000;
      const fault: FaultRecord = { kind: killRedis ? 'kill-redis' : 'kill-node', target: 'redis', atS, downMs, roomsHit: [], roomTickingAgainMs: Number.NaN, clusterHealthyMs: Number.NaN, allRecoveredMs: Number.NaN, recovered: false };
      const counts = all().map((w) => w.snapshots);
      let from: number;
      if (killRedis) {
        await cluster.redis.kill();
        await sleep(downMs);
        await cluster.redis.restart();
        from = performance.now();
        fault.clusterHealthyMs = await timeUntil(() => cluster.allHealthy(), recoveryTimeoutMs, from);
      } else {
        const ids = cluster.nodeIds;
        const target = ids[random.int(0, ids.length - 1)];
        fault.target = target;
        const owners = await Promise.all(groups.map((g) => cluster.ownerOf(g.code)));
        fault.roomsHit = groups.filter((_, i) => owners[i] === target).map((g) => g.code);
        from = performance.now();
        await cluster.killNode(target);
        const hit = groups.filter((g) => fault.roomsHit.includes(g.code));
        // Restarting takes a second or two of its own (tsx start-up): done beside the wait.
        const restarted = sleep(downMs).then(() => cluster.startNode(target));
        const tickingAgain = timeUntil(() => hit.every((g) => g.watches.every((w) => w.snapshots > counts[all().indexOf(w)] + 5 && w.healthy)), recoveryTimeoutMs, from);
        fault.roomTickingAgainMs = await tickingAgain;
        await restarted;
      }
      fault.allRecoveredMs = await timeUntil(() => invariantsHold(groups, counts, all()).length === 0 && (killRedis ? true : cluster.allHealthy()), recoveryTimeoutMs, from);
      fault.recovered = Number.isFinite(fault.allRecoveredMs);
      faults.push(fault);
      log(
        `fault ${faults.length}: ${fault.kind} ${fault.target} at ${fault.atS.toFixed(1)} s, down ${fault.downMs} ms` +
          (killRedis ? `, cluster healthy ${ms(fault.clusterHealthyMs)} after Redis was back` : `, rooms hit [${fault.roomsHit.join(',')}] ticking again after ${ms(fault.roomTickingAgainMs)}`) +
          `, all recovered after ${ms(fault.allRecoveredMs)}`,
      );
      if (!fault.recovered) {
        problems.push(`fault ${faults.length} (${fault.kind} ${fault.target}) not recovered within ${recoveryTimeoutMs} ms: ${invariantsHold(groups, counts, all()).join('; ')}`);
        break;
      }
    }
    // The end state: everything, once more, and the snapshot rate.
    const before = all().map((w) => w.snapshots);
    await sleep(1000);
    const finalSnapshotsPerS = Math.min(...all().map((w, i) => w.snapshots - before[i]));
    problems.push(...invariantsHold(groups, before, all()));
    if (finalSnapshotsPerS < TICK_RATE_HZ * 0.8) problems.push(`slowest bot at ${finalSnapshotsPerS} snapshots/s at the end (tick rate ${TICK_RATE_HZ})`);
    return { seed: options.seed, faults, bots: all().length, rooms: groups.length, problems: [...new Set(problems)], finalSnapshotsPerS, durationS: (performance.now() - startedMs) / 1000 };
  } finally {
    for (const g of groups) stopWatchers(g.watches);
    await cluster.stop();
  }
}

/**
 * What must hold once a fault is over: every bot healthy in the slot it first got, its score
 * never lower, snapshots flowing since `counts`, and each room's players all there exactly once.
 */
function invariantsHold(groups: readonly RoomGroup[], counts: readonly number[], all: readonly PlayerWatch[]): string[] {
  const problems = watchProblems(all);
  all.forEach((w, i) => {
    if (w.snapshots <= counts[i]) problems.push(`bot ${w.firstPlayerId}: no snapshots since the fault`);
  });
  for (const g of groups) {
    const ids = new Set(g.watches.map((w) => w.bot.playerId));
    if (ids.size !== g.watches.length || ids.has(-1)) problems.push(`room ${g.code}: bots hold ${[...ids].join(',')} (want ${g.watches.length} distinct seats)`);
    const state = g.watches[0].bot.connection.decoder?.state;
    if (state === undefined) continue;
    let active = 0;
    for (let slot = 0; slot < state.maxPlayers; slot++) active += state.active[slot];
    if (active !== g.watches.length) problems.push(`room ${g.code}: ${active} players active, want ${g.watches.length} (lost or duplicated)`);
  }
  return problems;
}

/** Milliseconds from `fromMs` until `check` holds (polled), or NaN after `timeoutMs`. */
async function timeUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, fromMs: number): Promise<number> {
  const deadline = fromMs + timeoutMs;
  for (;;) {
    if (await check()) return performance.now() - fromMs;
    if (performance.now() > deadline) return Number.NaN;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'never';
}
