import type { LoadProgress, LoadSummary } from './load-runner';

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** The `--json` line: snake_case with units in the names, numbers rounded, NaN as null. */
export function summaryJson(summary: LoadSummary): Record<string, number | boolean | null | Record<string, number>> {
  return {
    clients: summary.clients,
    connected: summary.connected,
    failed_joins: summary.failedJoins,
    disconnects: summary.disconnects,
    errors: summary.errors,
    server_errors_by_code: summary.serverErrorsByCode,
    decode_errors: summary.decodeErrors,
    window_s: round(summary.windowS, 2),
    rtt_p50_ms: round(summary.rttP50Ms),
    rtt_p95_ms: round(summary.rttP95Ms),
    rtt_p99_ms: round(summary.rttP99Ms),
    echo_p50_ms: round(summary.echoP50Ms),
    echo_p99_ms: round(summary.echoP99Ms),
    snapshots_per_client_per_s: round(summary.snapshotsPerClientPerS, 2),
    bytes_per_client_per_s: round(summary.bytesPerClientPerS, 0),
    wire_bytes_per_client_per_s: round(summary.wireBytesPerClientPerS, 0),
    wire_frames_per_client_per_s: round(summary.wireFramesPerClientPerS, 2),
    inputs_per_client_per_s: round(summary.inputsPerClientPerS, 2),
    corrections_per_min: round(summary.correctionsPerMin, 2),
    max_correction_tiles: round(summary.maxCorrectionTiles, 3),
    bot_cpu_cores: round(summary.botCpuCores, 2),
    decodes_per_snapshot: round(summary.decodesPerSnapshot, 3),
    aborted: summary.aborted,
  };
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function errorDetail(summary: LoadSummary): string {
  const parts = Object.entries(summary.serverErrorsByCode).map(([code, n]) => `${code} ${n}`);
  if (summary.decodeErrors > 0) parts.push(`undecodable snapshots ${summary.decodeErrors}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The human summary table printed at the end of a run. */
export function summaryTable(summary: LoadSummary): string {
  const rows: [string, string][] = [
    ['connected', `${summary.connected} / ${summary.clients}`],
    ['failed joins', String(summary.failedJoins)],
    ['disconnects', String(summary.disconnects)],
    ['errors', `${summary.errors}${errorDetail(summary)}`],
    ['measured for', `${fmt(summary.windowS)} s${summary.aborted ? ' (stopped early)' : ''}`],
    ['RTT p50 / p95 / p99', `${fmt(summary.rttP50Ms)} / ${fmt(summary.rttP95Ms)} / ${fmt(summary.rttP99Ms)} ms`],
    ['input->echo p50 / p99', `${fmt(summary.echoP50Ms)} / ${fmt(summary.echoP99Ms)} ms`],
    ['snapshots per client', `${fmt(summary.snapshotsPerClientPerS)} /s`],
    ['bytes per client (payload)', `${fmt(summary.bytesPerClientPerS, 0)} B/s`],
    ['bytes per client (wire)', `${fmt(summary.wireBytesPerClientPerS, 0)} B/s in ${fmt(summary.wireFramesPerClientPerS)} frames/s`],
    ['inputs per client', `${fmt(summary.inputsPerClientPerS)} /s`],
    ['prediction corrections', Number.isNaN(summary.correctionsPerMin) ? '- (run with --predict)' : `${fmt(summary.correctionsPerMin, 2)} /min per bot, largest ${fmt(summary.maxCorrectionTiles, 3)} tiles`],
    ['bot process CPU', `${fmt(summary.botCpuCores * 100, 0)} % of a core`],
    ['decodes per snapshot', `${fmt(summary.decodesPerSnapshot, 3)} (bots of a room share one decode)`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}

/** One progress line (no newline). */
export function progressLine(p: LoadProgress): string {
  return `[${p.phase} ${fmt(p.elapsedS, 0)}s] connected ${p.connected}/${p.target}  errors ${p.errors}  snapshots ${fmt(p.snapshotsPerS, 0)}/s  RTT p50 ${fmt(p.rttP50Ms)} ms`;
}
