import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startNodeProcess } from '../../server/process/node-process';
import { sampleNode, type NodeSample } from '../support/node-sample';
import { createRoomAt, joinWatchers, slowestSnapshotRate, stopWatchers, watchProblems } from '../support/watch-group';
import { runFuzz, type FuzzRunReport } from './fuzz-runner';

export interface FuzzSessionOptions {
  messages: number;
  seed: number;
  /** Well-behaved bots in a room beside the fuzzing sockets. @default 4 */
  watchers?: number;
  /** See FuzzRunOptions.maxMessagesPerS. */
  maxMessagesPerS?: number;
  /** Lowest node tick rate that passes, as a share of the configured one. @default 0.95 */
  minTickShare?: number;
  log?: (line: string) => void;
}

export interface FuzzSessionReport {
  fuzz: FuzzRunReport;
  tickRateHz: number;
  /** Snapshots per second of the slowest watched bot before the run (its own clock). */
  baselineSnapshotsPerS: number;
  /** Ticks per second the node ran while the fuzzer ran (the node's clock, from /metrics). */
  duringTickRateHz: number;
  /** Snapshots the slowest bot received per tick the node ran during the run (1 = none missed). */
  deliveredPerTick: number;
  /** Longest snapshot gap any watched bot saw while the fuzzer ran (ms). */
  maxGapMs: number;
  /** Longest stall of the fuzzing process itself (ms): snapshot gaps up to this are ours, not the node's. */
  fuzzerLoopDelayMaxMs: number;
  problems: string[];
  nodeAlive: boolean;
  minTickShare: number;
  before: NodeSample;
  after: NodeSample;
}

const MAX_MESSAGE_BYTES = 4096;
const TICK_RATE_HZ = 30;
/** How long the node gets to close what the fuzzer left, and how many extra handles are fine. */
const HANDLES_SETTLE_MS = 15_000;
const HANDLES_SLACK = 4;

/**
 * A node of its own (a separate process, so the fuzzer's CPU is not the node's), a room of
 * watched bots and a room for the fuzzer; fuzzes, then checks the node and the bots.
 */
export async function runFuzzSession(options: FuzzSessionOptions): Promise<FuzzSessionReport> {
  const log = options.log ?? (() => undefined);
  const node = await startNodeProcess({
    LOG_LEVEL: 'error',
    RESUME_GRACE_MS: '2000',
    // One round for the whole run: scores only reset at a new round.
    ROUND_SECONDS: '3600',
    TICK_RATE_HZ: String(TICK_RATE_HZ),
    MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
  });
  const watches: Awaited<ReturnType<typeof joinWatchers>> = [];
  try {
    const botRoom = await createRoomAt(node.url);
    const fuzzRoom = await createRoomAt(node.url);
    watches.push(...(await joinWatchers(node.url, botRoom, options.watchers ?? 4, 'Watch')));
    const baselineSnapshotsPerS = await slowestSnapshotRate(watches, 1500);
    log(`node ${node.url}; bots in ${botRoom} at ${baselineSnapshotsPerS.toFixed(1)} snapshots/s; fuzzing ${fuzzRoom}`);
    const before = await sampleNode(node.url);
    for (const w of watches) w.resetGaps();
    const ownLoop = monitorEventLoopDelay({ resolution: 10 });
    ownLoop.enable();
    const snapshotsBefore = watches.map((w) => w.snapshots);
    let logged = 0;
    const fuzz = await runFuzz({
      url: node.url,
      roomCode: fuzzRoom,
      maxMessageBytes: MAX_MESSAGE_BYTES,
      messages: options.messages,
      seed: options.seed,
      maxMessagesPerS: options.maxMessagesPerS,
      onProgress: (sent) => {
        if (Math.floor(sent / 10_000) > Math.floor(logged / 10_000)) log(`  ${sent} messages sent`);
        logged = sent;
      },
    });
    ownLoop.disable();
    const end = await sampleNode(node.url);
    // Snapshots still in flight at the end sample arrive within a few ticks.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ticks = end.ticks - before.ticks;
    const duringTickRateHz = (ticks * 1000) / (end.atMs - before.atMs);
    const deliveredPerTick = Math.min(...watches.map((w, i) => (w.snapshots - snapshotsBefore[i]) / ticks));
    const maxGapMs = Math.max(...watches.map((w) => w.maxGapMs));
    // Connections the fuzzer dropped take a moment to be closed on the node's side too.
    let after = end;
    const settleDeadline = performance.now() + HANDLES_SETTLE_MS;
    while (after.activeHandles > before.activeHandles + HANDLES_SLACK && performance.now() < settleDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await sampleNode(node.url);
    }
    const nodeAlive = node.child.exitCode === null && node.child.signalCode === null && (await fetch(new URL('/healthz', node.url))).ok;
    return {
      fuzz,
      tickRateHz: TICK_RATE_HZ,
      baselineSnapshotsPerS,
      duringTickRateHz,
      deliveredPerTick,
      maxGapMs,
      fuzzerLoopDelayMaxMs: ownLoop.max / 1e6,
      problems: watchProblems(watches),
      nodeAlive,
      minTickShare: options.minTickShare ?? 0.95,
      before,
      after,
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nnode output:\n${node.output().slice(-4000)}`);
  } finally {
    stopWatchers(watches);
    await node.stop();
  }
}

/** What "the fuzz run held" means; the test asserts the same. */
export function fuzzPassed(report: FuzzSessionReport): boolean {
  return (
    report.nodeAlive &&
    report.problems.length === 0 &&
    report.fuzz.cutOffForAbuse > 0 &&
    report.duringTickRateHz >= report.tickRateHz * report.minTickShare &&
    report.deliveredPerTick >= 0.97 &&
    report.after.activeHandles <= report.before.activeHandles + 4
  );
}

