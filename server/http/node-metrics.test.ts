import { afterEach, describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { parsePromText, promValue } from '../../bench/prom-text';
import type { GameNode } from '../game-node';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function scrape(node: GameNode) {
  const response = await fetch(`${node.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePromText(await response.text());
}

describe('GET /metrics', () => {
  it('is Prometheus text whose counters move while bots play', async () => {
    const node = await startTestNode();
    cleanups.push(() => node.stop());
    const before = await scrape(node);
    expect(promValue(before, 'roundtrip_players_connected')).toBe(0);
    expect(promValue(before, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(promValue(before, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    const code = await createRoom(node);
    const bots = ['Ann', 'Ben'].map((name, quirk) => new BotPlayer({ url: node.url, name, quirk }));
    for (const bot of bots) cleanups.push(() => bot.stop());
    await Promise.all(bots.map((bot) => bot.join(code)));
    await waitFor('inputs and snapshots flowing', () => node.stats.inputsAccepted > 20 && node.stats.snapshotsSent > 20);
    // A bad message, to see the labelled reject counter.
    bots[0].connection.socket.emit('b', new Uint8Array([0xee]));
    await waitFor('the reject counted', () => node.stats.inputsRejected > 0);

    const after = await scrape(node);
    expect(promValue(after, 'roundtrip_players_connected')).toBe(2);
    expect(promValue(after, 'roundtrip_rooms')).toBe(1);
    expect(promValue(after, 'roundtrip_ticks_total')).toBeGreaterThan(promValue(before, 'roundtrip_ticks_total'));
    expect(promValue(after, 'roundtrip_inputs_accepted_total')).toBeGreaterThan(20);
    expect(promValue(after, 'roundtrip_snapshot_bytes_sent_total')).toBeGreaterThan(0);
    expect(promValue(after, 'roundtrip_joins_total')).toBe(2);
    expect(promValue(after, 'roundtrip_inputs_rejected_total', { code: 'PROTO_UNKNOWN_CODE' })).toBe(1);
    expect(promValue(after, 'roundtrip_tick_duration_seconds_count')).toBeGreaterThan(0);
    expect(promValue(after, 'roundtrip_ticks_skipped_total')).toBeGreaterThanOrEqual(0);
    expect(promValue(after, 'roundtrip_event_loop_lag_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    expect(promValue(after, 'process_cpu_seconds_total')).toBeGreaterThan(promValue(before, 'process_cpu_seconds_total'));
  });
});
