import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GameNode } from '../server/game-node';
import { createRoom, startTestNode } from '../server/test-support/start-test-node';
import { waitFor } from '../server/test-support/wait-for';
import { loadPassed, runLoad } from './load-runner';
import { summaryJson } from './load-report';
import { cleanupAfterEach } from '../server/test-support/test-cleanups';

const onCleanup = cleanupAfterEach();

async function nodeForTest(overrides: Parameters<typeof startTestNode>[0] = {}): Promise<GameNode> {
  const node = await startTestNode(overrides);
  onCleanup(() => node.stop());
  return node;
}

/** Runs the CLI in its own process (as a pipeline would); resolves with exit code, stdout and stderr. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, '..');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bots/run-bots.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    onCleanup(() => child.kill());
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('load runner against a real node', () => {
  it('joins every bot, sees snapshots at the tick rate and reports sane figures', async () => {
    const node = await nodeForTest();
    const summary = await runLoad({ url: node.url, rooms: 2, playersPerRoom: 15, durationS: 2.5, rampS: 0.5 });
    expect(summary.clients).toBe(30);
    expect(summary.connected).toBe(30);
    expect(summary.failedJoins).toBe(0);
    expect(summary.disconnects).toBe(0);
    expect(loadPassed(summary)).toBe(true);
    expect(node.stats.joins).toBe(30);
    // 30 Hz ticks, one snapshot each; timer noise on a busy CI box allowed for.
    // 30 Hz ticks, one snapshot each; wide bounds because server and bots share this process
    // (and the CPU with parallel test files).
    expect(summary.snapshotsPerClientPerS).toBeGreaterThan(15);
    expect(summary.snapshotsPerClientPerS).toBeLessThan(40);
    // Inputs flow, sent when the buttons change plus keep-alives (5/s at least while riding):
    // well under one per tick.
    expect(summary.inputsPerClientPerS).toBeGreaterThan(2);
    expect(summary.inputsPerClientPerS).toBeLessThan(25);
    expect(Number.isNaN(summary.correctionsPerMin)).toBe(true);
    expect(summary.bytesPerClientPerS).toBeGreaterThan(0);
    // One binary frame per snapshot: the wire carries little more than the payload.
    expect(summary.wireBytesPerClientPerS / summary.bytesPerClientPerS).toBeLessThan(1.3);
    expect(summary.echoP50Ms).toBeGreaterThan(0);
    expect(summary.echoP99Ms).toBeGreaterThanOrEqual(summary.echoP50Ms);
    expect(summary.rttP99Ms).toBeGreaterThanOrEqual(summary.rttP50Ms);
    // 15 bots per room share one decode per tick (joins decode their keyframe on their own).
    expect(summary.decodesPerSnapshot).toBeLessThan(0.2);
    expect(summary.errors).toBe(0);

    const json = summaryJson(summary);
    for (const key of ['clients', 'connected', 'errors', 'rtt_p50_ms', 'rtt_p99_ms', 'echo_p50_ms', 'echo_p99_ms', 'snapshots_per_client_per_s', 'bytes_per_client_per_s']) {
      expect(typeof json[key], key).toBe('number');
    }
    expect(json.errors).toBe(0);
    // Bots left on purpose: their seats are free again at once.
    await waitFor('every seat freed', () => node.rooms.playerCount() === 0);
  }, 20_000);

  it('--input-rate 30 keeps the old one-input-per-tick load; --predict reports corrections', async () => {
    const node = await nodeForTest();
    const summary = await runLoad({ url: node.url, rooms: 1, playersPerRoom: 4, durationS: 2.5, rampS: 0, inputRateHz: 30, predict: true });
    expect(summary.connected).toBe(4);
    // Bots skip ticks they wake too late for, so a loaded box sends a little under 30.
    expect(summary.inputsPerClientPerS).toBeGreaterThan(20);
    expect(summary.inputsPerClientPerS).toBeLessThan(32);
    expect(summary.errors).toBe(0);
    expect(summary.correctionsPerMin).toBeGreaterThanOrEqual(0);
    expect(summary.maxCorrectionTiles).toBeGreaterThanOrEqual(0);
    const json = summaryJson(summary);
    expect(typeof json.corrections_per_min).toBe('number');
    expect(typeof json.max_correction_tiles).toBe('number');
  }, 20_000);

  it('decodes privately on request: one decode per snapshot applied', async () => {
    const node = await nodeForTest();
    const summary = await runLoad({ url: node.url, rooms: 1, playersPerRoom: 4, durationS: 1, rampS: 0, sharedDecode: false });
    expect(summary.connected).toBe(4);
    expect(summary.echoP50Ms).toBeGreaterThan(0);
    // A decoder per bot: one decode per snapshot applied.
    expect(summary.decodesPerSnapshot).toBe(1);
  }, 20_000);

  it('the CLI exits non-zero when the server refuses joins', async () => {
    const node = await nodeForTest({ maxPlayersPerRoom: 2 });
    const code = await createRoom(node);
    const result = await runCli(['--url', node.url, '--room', code, '--players', '4', '--duration', '0.5', '--ramp', '0', '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Record<string, number>;
    expect(json.clients).toBe(4);
    expect(json.connected).toBe(2);
    expect(json.failed_joins).toBe(2);
    expect(json.errors).toBeGreaterThanOrEqual(2);
    // The window still starts once every join settled, and says so for a harness (the load bench).
    expect(result.stderr).toContain('{"event":"window-start"}');
  }, 20_000);

  it('the CLI refuses bad options with exit code 2', async () => {
    const result = await runCli(['--players', '6000', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
  }, 15_000);
});
