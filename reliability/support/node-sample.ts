/** What a node says about itself at one moment, from its /metrics (Prometheus text). */
export interface NodeSample {
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  activeHandles: number;
  ticks: number;
  ticksSkipped: number;
  tickP99Ms: number;
  rejected: number;
  cutOff: number;
  players: number;
  /** Longest event-loop stall since the previous scrape (ms). */
  eventLoopLagMaxMs: number;
}

/** Sum of every sample of `name` (all label sets), or NaN when absent. */
export function metricValue(text: string, name: string, labelFilter?: string): number {
  let sum = Number.NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labelFilter !== undefined && !rest.includes(labelFilter)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum = (Number.isNaN(sum) ? 0 : sum) + value;
  }
  return sum;
}

export async function sampleNode(url: string): Promise<NodeSample> {
  const response = await fetch(new URL('/metrics', url), { signal: AbortSignal.timeout(3000) });
  const text = await response.text();
  return {
    atMs: performance.now(),
    rssBytes: metricValue(text, 'process_resident_memory_bytes'),
    heapUsedBytes: metricValue(text, 'nodejs_heap_size_used_bytes'),
    activeHandles: metricValue(text, 'nodejs_active_handles_total'),
    ticks: metricValue(text, 'roundtrip_ticks_total'),
    ticksSkipped: metricValue(text, 'roundtrip_ticks_skipped_total'),
    tickP99Ms: metricValue(text, 'roundtrip_tick_duration_recent_seconds', 'quantile="0.99"') * 1000,
    rejected: metricValue(text, 'roundtrip_inputs_rejected_total') || 0,
    cutOff: metricValue(text, 'roundtrip_sockets_cut_off_total') || 0,
    players: metricValue(text, 'roundtrip_players_connected'),
    eventLoopLagMaxMs: metricValue(text, 'roundtrip_event_loop_lag_seconds', 'quantile="1"') * 1000,
  };
}
