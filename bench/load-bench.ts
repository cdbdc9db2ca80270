import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { aggregate, floorRatios, notes, ratioLines, ratiosJson, table, variantsJson, type VariantResult } from './load-bench-report';
import { DEFAULT_VARIANTS, PLAYERS_PER_ROOM, runPass, VARIANTS, type PassResult, type Variant } from './load-variants';
import { writeProfileReport } from './profile-report';
import { roundtripSnapshotBytes } from './snapshot-size';
import { renderChart, type Series } from './svg-chart';

/**
 * `npm run bench:load`: for each player count, every variant (a Roundtrip node, or the bare
 * `ws` floor) in its own server process with the bots in another, on loopback; --passes
 * passes interleaved (floor, binary-30, ..., floor, binary-30, ...) so drift on this shared
 * machine hits every variant alike; medians per variant, Roundtrip / floor ratios from the
 * same run (issue 11 §5). --profile DIR writes and summarises CPU profiles of every process.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const HELP = `Usage: npm run bench:load -- [options]
       npm run bench:load -- --cluster [--players 200,400] [--duration 10] [--strategies round-robin,room-affinity] [--repeats 1] [--no-direct]

A server process and a bot process on this machine (${PLAYERS_PER_ROOM} players per room, 30 Hz), the
server's CPU, RSS and tick times from its /metrics, the bots' echo and bytes from their JSON.

  --players LIST     player counts, multiples of ${PLAYERS_PER_ROOM}          (default 200)
  --variants LIST    ${Object.keys(VARIANTS).join(', ')}
                     (default ${DEFAULT_VARIANTS.join(',')})
  --duration S       measured seconds per pass                  (default 15)
  --passes N         passes per variant, interleaved; figures are medians   (default 3)
  --profile DIR      run every process under node --cpu-prof into DIR and print where the
                     server's and the bots' CPU went in the measured window, by layer
  --quick            --players 200 --duration 6 --passes 1
  --json             print only the JSON line (variants, ratios, notes) on stdout
  --cluster          1 node direct vs 2 nodes + balancer + Redis (docs/scaling.md)
  --help             this text

  floor           a bare ws server (bench/floor-server.ts): same messages, no framework, no game
  binary-30       Roundtrip, binary snapshots, bots sending 30 inputs/s
  binary          Roundtrip, binary snapshots, the bots' default inputs
  binary-norec    the same with round recording off (REPLAY_ROUNDS_PER_ROOM=0): what the recorder costs a node
  json            Roundtrip with SNAPSHOT_CODEC=json, 30 inputs/s
  default-parser  Roundtrip with socket.io's default parser (WIRE_PARSER=default), 30 inputs/s

Writes results/load-bench-<time>.{json,svg}. Heavy: run it under the bench lock on a shared machine.`;

const { values } = parseArgs({
  options: {
    players: { type: 'string' },
    duration: { type: 'string' },
    variants: { type: 'string' },
    passes: { type: 'string' },
    profile: { type: 'string' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    cluster: { type: 'boolean' },
    strategies: { type: 'string' },
    repeats: { type: 'string' },
    'no-direct': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}
const quick = values.quick === true;
const cluster = values.cluster === true;
const playerCounts = (values.players ?? (cluster ? '200,400' : '200')).split(',').map((s) => Number(s.trim()));
const durationS = Number(values.duration ?? (cluster ? 10 : quick ? 6 : 15));
const passes = Number(values.passes ?? (quick ? 1 : 3));
const variants = (values.variants ?? DEFAULT_VARIANTS.join(',')).split(',').map((s) => s.trim()) as Variant[];
for (const p of playerCounts) if (!(Number.isInteger(p) && p >= PLAYERS_PER_ROOM && p <= 5000 && p % PLAYERS_PER_ROOM === 0)) fail(`--players: multiples of ${PLAYERS_PER_ROOM} up to 5000, got ${p}`);
for (const v of variants) if (!(v in VARIANTS)) fail(`--variants: one of ${Object.keys(VARIANTS).join(', ')}, got ${v}`);
if (!(durationS > 0 && durationS <= 600)) fail('--duration must be in (0, 600] s');
if (!(Number.isInteger(passes) && passes >= 1 && passes <= 9)) fail('--passes must be 1..9');
const CLUSTER_STRATEGIES = ['round-robin', 'room-affinity', 'least-connections'];
const strategies = (values.strategies ?? 'round-robin,room-affinity').split(',').map((s) => s.trim()).filter((s) => s !== '');
for (const s of strategies) if (!CLUSTER_STRATEGIES.includes(s)) fail(`--strategies: ${CLUSTER_STRATEGIES.join(', ')} (ip-hash would put every loopback bot on one node), got ${s}`);
const repeats = Number(values.repeats ?? 1);
if (!(Number.isInteger(repeats) && repeats >= 1 && repeats <= 5)) fail('--repeats must be 1..5');
const profileDir = values.profile === undefined ? undefined : path.resolve(values.profile);
const log = (text: string) => process.stderr.write(text);
const out = (text: string) => (values.json ? log(text) : process.stdout.write(text));

if (cluster) {
  const { runClusterBench } = await import('./cluster-bench');
  await runClusterBench({ playerCounts, durationS, strategies, repeats, includeDirect: values['no-direct'] !== true });
} else await singleNodeBench();

async function singleNodeBench(): Promise<void> {
  // What a room of PLAYERS_PER_ROOM riding bots broadcasts on average: the floor sends as much.
  const floorSnapshotBytes = Math.round(roundtripSnapshotBytes(PLAYERS_PER_ROOM));
  const passResults: PassResult[] = [];
  for (const players of playerCounts) {
    for (let pass = 1; pass <= passes; pass++) {
      for (const variant of variants) {
        log(`bench:load ${variant} with ${players} players, pass ${pass}/${passes}, ${durationS} s...\n`);
        passResults.push(await runPass({ variant, players, pass, durationS, floorSnapshotBytes, profileDir }));
      }
    }
  }
  const results = aggregate(passResults);
  const ratios = floorRatios(results);
  const noteLines = notes(results, ratios, profileDir !== undefined);

  out(`\nRoundtrip load bench: ${PLAYERS_PER_ROOM} players per room, 30 Hz, ${durationS} s per pass, medians of ${passes} pass${passes > 1 ? 'es' : ''}, server and bots on this machine (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)})\n`);
  out(`floor snapshots: ${floorSnapshotBytes} B (the mean binary snapshot of a real room of ${PLAYERS_PER_ROOM} riding bots)\n\n`);
  out(`${table(results)}\n\n`);
  out('ms/client-s: server CPU per client-second (process.cpuUsage over the window); B/client-s: payload bytes each bot received\n');
  for (const line of ratioLines(ratios)) out(`${line}\n`);
  if (noteLines.length > 0) out(`\n${noteLines.map((n) => `note: ${n}`).join('\n')}\n`);
  if (profileDir !== undefined) out(`\n${writeProfileReport(profileDir, passResults)}\n`);

  mkdirSync(path.join(ROOT, 'results'), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const svgPath = path.join(ROOT, 'results', `load-bench-${stamp}.svg`);
  writeFileSync(svgPath, chart(results));
  const json = {
    bench: 'load',
    duration_s: durationS,
    passes,
    players_per_room: PLAYERS_PER_ROOM,
    floor_snapshot_bytes: floorSnapshotBytes,
    loadavg_1m: Number(os.loadavg()[0].toFixed(2)),
    variants: variantsJson(results),
    ratios: ratiosJson(ratios),
    notes: noteLines,
  };
  writeFileSync(path.join(ROOT, 'results', `load-bench-${stamp}.json`), JSON.stringify({ ...json, pass_results: passResults }, null, 2));
  out(`\nchart: ${path.relative(ROOT, svgPath)}\n`);
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

function chart(results: VariantResult[]): string {
  const series = (pick: (r: VariantResult) => number): Series[] =>
    variants.map((variant) => ({
      name: VARIANTS[variant].label,
      color: VARIANTS[variant].color,
      dashed: variant === 'floor',
      points: results.filter((r) => r.variant === variant).map((r) => ({ x: r.players, y: pick(r) })),
    }));
  return renderChart('Roundtrip and the floor: one server process, bots on loopback, 30 Hz', 'players (20 per room)', [
    { title: 'Server CPU per client-second (ms)', yLabel: 'ms', series: series((r) => r.cpuMsPerClientS) },
    { title: 'Tick duration p99 (ms)', yLabel: 'ms', series: series((r) => r.tickP99Ms), targetY: 5 },
    { title: 'Bandwidth per client (payload bytes/s)', yLabel: 'bytes/s (log)', series: series((r) => r.payloadBytesPerClientS), logY: true },
  ]);
}
