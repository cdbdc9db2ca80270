import { VARIANTS, type PassResult, type Variant } from './load-variants';
import { fixed, textTable } from './text-table';

/**
 * The load bench's report: medians over the passes of each variant, Roundtrip / floor ratios
 * from the same run, the notes that keep the figures honest, and the `--json` line.
 */

/** Medians over passes (connected: the lowest pass, so a pass that lost bots shows). */
export interface VariantResult extends Omit<PassResult, 'pass' | 'windowUs'> {
  passes: number;
  cpuMsPerClientSPasses: number[];
  ticksSkippedAllPasses: number;
}

export interface FloorRatio {
  players: number;
  variant: Variant;
  cpu: number;
  rss: number;
  echoP50: number;
  echoP99: number;
  bytes: number;
}

/** Issue 11 targets at 200 players, checked against the ratios and figures of the run. */
const TARGETS = { binary30VsFloorCpu: 1.15, binaryVsFloorCpu: 0.7, rssMb: 100 } as const;
/** Two variants whose inputs per client-second differ by less than this sent the same load. */
const SAME_INPUT_RATE_PER_S = 1;
/** Below this share of the tick rate in snapshots, or of a fixed input rate in inputs, a run fell behind. */
const KEPT_UP_SHARE = 0.95;
/**
 * Skipped ticks per pass (median) above which the server fell behind: ~1.5 % of a 20 s pass.
 * A few are a stall (GC, preemption) and show in the table; more mean a machine too busy.
 */
const MAX_SKIPPED_TICKS = 10;
const TICK_RATE_HZ = 30;

/**
 * Whether the server or the bots fell behind (a loaded machine): too few snapshots per
 * client-second, a fixed-rate variant's bots sending too few inputs, or skipped ticks. Such a
 * run's figures, its input rates above all, say more about the machine than the variant.
 */
export function fellBehind(r: VariantResult): boolean {
  const rate = VARIANTS[r.variant].inputRateHz;
  return r.snapshotsPerClientS < KEPT_UP_SHARE * TICK_RATE_HZ || (rate !== undefined && r.inputsPerClientS < KEPT_UP_SHARE * rate) || r.ticksSkipped > MAX_SKIPPED_TICKS;
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

export function aggregate(passes: PassResult[]): VariantResult[] {
  const groups = new Map<string, PassResult[]>();
  for (const p of passes) {
    const key = `${p.variant}@${p.players}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const out: VariantResult[] = [];
  for (const list of groups.values()) {
    const m = (pick: (p: PassResult) => number) => median(list.map(pick));
    out.push({
      variant: list[0].variant,
      players: list[0].players,
      passes: list.length,
      connected: Math.min(...list.map((p) => p.connected)),
      failedJoins: Math.max(...list.map((p) => p.failedJoins)),
      disconnects: Math.max(...list.map((p) => p.disconnects)),
      serverCpuCores: m((p) => p.serverCpuCores),
      cpuMsPerClientS: m((p) => p.cpuMsPerClientS),
      systemCpuShare: m((p) => p.systemCpuShare),
      rssMb: m((p) => p.rssMb),
      tickP50Ms: m((p) => p.tickP50Ms),
      tickP99Ms: m((p) => p.tickP99Ms),
      ticksSkipped: m((p) => p.ticksSkipped),
      eventLoopLagP99Ms: m((p) => p.eventLoopLagP99Ms),
      payloadBytesPerClientS: m((p) => p.payloadBytesPerClientS),
      wireBytesPerClientS: m((p) => p.wireBytesPerClientS),
      snapshotsPerClientS: m((p) => p.snapshotsPerClientS),
      inputsPerClientS: m((p) => p.inputsPerClientS),
      echoP50Ms: m((p) => p.echoP50Ms),
      echoP99Ms: m((p) => p.echoP99Ms),
      rttP50Ms: m((p) => p.rttP50Ms),
      botCpuCores: m((p) => p.botCpuCores),
      decodesPerSnapshot: m((p) => p.decodesPerSnapshot),
      cpuMsPerClientSPasses: list.map((p) => p.cpuMsPerClientS),
      ticksSkippedAllPasses: list.reduce((a, p) => a + p.ticksSkipped, 0),
    });
  }
  return out;
}

export function floorRatios(results: VariantResult[]): FloorRatio[] {
  const out: FloorRatio[] = [];
  for (const floor of results.filter((r) => r.variant === 'floor')) {
    for (const r of results.filter((x) => x.players === floor.players && x.variant !== 'floor')) {
      out.push({
        players: r.players,
        variant: r.variant,
        cpu: r.cpuMsPerClientS / floor.cpuMsPerClientS,
        rss: r.rssMb / floor.rssMb,
        echoP50: r.echoP50Ms / floor.echoP50Ms,
        echoP99: r.echoP99Ms / floor.echoP99Ms,
        bytes: r.payloadBytesPerClientS / floor.payloadBytesPerClientS,
      });
    }
  }
  return out;
}

const f = fixed;

export function table(results: VariantResult[]): string {
  const head = ['variant', 'players', 'conn', 'inputs/s', 'srv CPU', 'ms/client-s', 'RSS MB', 'tick p50', 'tick p99', 'skipped', 'B/client-s', 'wire B/cl-s', 'snap/s', 'echo p50', 'echo p99', 'bot CPU'];
  const rows = results.map((r) => [
    r.variant,
    String(r.players),
    // '!' marks a run where not every bot joined or stayed (its server figures cover fewer
    // players), or where the server or the bots fell behind.
    r.connected < r.players || r.disconnects > 0 || fellBehind(r) ? `${r.connected}!` : String(r.connected),
    f(r.inputsPerClientS),
    `${f(r.serverCpuCores * 100, 0)}%`,
    f(r.cpuMsPerClientS, 3),
    f(r.rssMb, 0),
    f(r.tickP50Ms, 2),
    f(r.tickP99Ms, 2),
    f(r.ticksSkipped, 0),
    f(r.payloadBytesPerClientS, 0),
    f(r.wireBytesPerClientS, 0),
    f(r.snapshotsPerClientS),
    f(r.echoP50Ms),
    f(r.echoP99Ms),
    `${f(r.botCpuCores * 100, 0)}%`,
  ]);
  return textTable(head, rows);
}

export function ratioLines(ratios: FloorRatio[]): string[] {
  return ratios.map((r) => `${r.players} players: ${r.variant} / floor = CPU ${f(r.cpu, 2)}x, RSS ${f(r.rss, 2)}x, echo p50 ${f(r.echoP50, 2)}x, p99 ${f(r.echoP99, 2)}x, bytes ${f(r.bytes, 2)}x`);
}

/** What the reader must know to read the figures right; measured, never assumed. */
export function notes(results: VariantResult[], ratios: FloorRatio[], profiled = false): string[] {
  const out: string[] = [];
  if (profiled) out.push('run under --profile: the CPU figures include the profiler\'s own cost (more for cheaper servers), so take CPU figures and ratios from a run without it');
  for (const r of results) {
    if (r.connected < r.players || r.disconnects > 0) out.push(`${r.variant} at ${r.players}: ${r.connected}/${r.players} connected, ${r.disconnects} drops: not comparable, rerun on a quieter machine`);
    else if (fellBehind(r)) {
      out.push(
        `${r.variant} at ${r.players}: fell behind (${f(r.snapshotsPerClientS)} snapshots and ${f(r.inputsPerClientS)} inputs per client-second, ${f(r.ticksSkipped, 0)} skipped ticks): ` +
          'the machine was too busy; this run\'s figures are not comparable, rerun on a quieter machine',
      );
    }
  }
  for (const b of results.filter((r) => r.variant === 'binary')) {
    const fixed = results.find((r) => r.variant === 'binary-30' && r.players === b.players);
    if (fixed === undefined) continue;
    if (fellBehind(fixed) || fellBehind(b)) {
      out.push(`${b.players} players: binary and binary-30 cannot be told apart in this run (one of them fell behind)`);
    } else if (Math.abs(b.inputsPerClientS - fixed.inputsPerClientS) < SAME_INPUT_RATE_PER_S) {
      out.push(
        `${b.players} players: binary (default inputs) sent ${f(b.inputsPerClientS)} inputs/s per client, binary-30 ${f(fixed.inputsPerClientS)}: ` +
          'the bots of this build send one input per tick by default (inputs on change not in this build), so the two variants measure the same load',
      );
    }
  }
  for (const players of new Set(ratios.map((r) => r.players))) {
    if (players !== 200) continue;
    const cpu = (v: Variant) => ratios.find((r) => r.players === players && r.variant === v)?.cpu;
    const b30 = cpu('binary-30');
    const b = cpu('binary');
    if (b30 !== undefined) out.push(`target binary-30 / floor CPU <= ${TARGETS.binary30VsFloorCpu}: ${f(b30, 2)} (${b30 <= TARGETS.binary30VsFloorCpu ? 'met' : 'not met'})`);
    if (b !== undefined) out.push(`target binary / floor CPU <= ${TARGETS.binaryVsFloorCpu}: ${f(b, 2)} (${b <= TARGETS.binaryVsFloorCpu ? 'met' : 'not met'})`);
    const rss = results.find((r) => r.players === players && r.variant === 'binary')?.rssMb;
    if (rss !== undefined) out.push(`target node RSS <= ${TARGETS.rssMb} MB: binary ${f(rss, 0)} MB (${rss <= TARGETS.rssMb ? 'met' : 'not met'})`);
  }
  return out;
}

const round = (v: number, d = 3) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

/** The `variants` entries of the JSON line (issue 11 §5 names, plus a few more). */
export function variantsJson(results: VariantResult[]) {
  return results.map((r) => ({
    name: r.variant,
    players: r.players,
    input_rate: round(r.inputsPerClientS, 2),
    input_mode: VARIANTS[r.variant].inputRateHz === undefined ? 'default' : `fixed ${VARIANTS[r.variant].inputRateHz}/s`,
    cpu_ms_per_client_s: round(r.cpuMsPerClientS),
    cpu_system_share: round(r.systemCpuShare, 2),
    rss_mb: round(r.rssMb, 1),
    tick_p99_ms: round(r.tickP99Ms, 2),
    ticks_skipped: r.ticksSkipped,
    echo_p50_ms: round(r.echoP50Ms, 1),
    echo_p99_ms: round(r.echoP99Ms, 1),
    connected: r.connected,
    bytes_per_client_s: round(r.payloadBytesPerClientS, 0),
    wire_bytes_per_client_s: round(r.wireBytesPerClientS, 0),
    snapshots_per_client_s: round(r.snapshotsPerClientS, 2),
    tick_p50_ms: round(r.tickP50Ms, 2),
    server_cpu_cores: round(r.serverCpuCores),
    bot_cpu_cores: round(r.botCpuCores, 2),
    decodes_per_snapshot: round(r.decodesPerSnapshot),
    passes: r.passes,
    fell_behind: fellBehind(r),
    cpu_ms_per_client_s_passes: r.cpuMsPerClientSPasses.map((v) => round(v)),
    ticks_skipped_all_passes: r.ticksSkippedAllPasses,
  }));
}

export function ratiosJson(ratios: FloorRatio[]) {
  return ratios.map((r) => ({ players: r.players, variant: r.variant, vs: 'floor', cpu: round(r.cpu), rss: round(r.rss), echo_p50: round(r.echoP50), echo_p99: round(r.echoP99), bytes: round(r.bytes) }));
}
