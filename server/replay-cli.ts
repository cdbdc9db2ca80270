import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readRecording } from '../shared/replay/recording-reader';
import { END_REASON_MAX } from '../shared/replay/replay-format';
import { verifyRecording, type VerifyReport } from '../shared/replay/verify-recording';
import { exitWithUsageIfAsked } from './cli-help';
import { END_REASON_NAMES } from './cluster/replay-store';

const USAGE = `Usage: npm run replay -- --verify FILE_OR_URL [--token TOKEN] [--json]

Re-runs a round recording with the game's simulation and checks it against what it recorded:
every keyframe, every delivery and the end must come out the same (issue 14). Prints the
round and its final standings; exits 0 when the replay matches, 1 when it does not, 2 when the
recording cannot be read.

  --verify FILE_OR_URL  a recording file, or its URL:
                        http://HOST/api/rooms/CODE/rounds/N/replay (any node of a cluster)
  --token TOKEN         the room's teacher or player token for a URL (or ROUNDTRIP_TOKEN): the
                        teacherToken POST /api/classrooms answered; the teacher console's
                        replay and projector links carry it after #token=
  --json                one JSON line instead of text`;

const EXIT_MISMATCH = 1;
const EXIT_UNREADABLE = 2;
/** A recording is at most a few MB; a URL that sends more is not one. */
const FETCH_TIMEOUT_MS = 30_000;

async function fetchBytes(source: string, token: string | undefined): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(source)) return new Uint8Array(await readFile(source));
  const response = await fetch(source, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    const detail = /"message":"([^"]*)"/.exec(body)?.[1] ?? response.statusText;
    const hint = response.status === 401 ? (token === undefined ? ' (pass --token)' : ' (check --token: it must be a token of this room)') : '';
    throw new Error(`${source} answered ${response.status}: ${detail}${hint}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function describeReport(source: string, header: { code: string; round: number }, hz: number, report: VerifyReport): string {
  const seconds = (report.endTick - report.startTick) / hz;
  const end = report.endReason === null || report.endReason > END_REASON_MAX ? 'no end' : END_REASON_NAMES[report.endReason];
  const lines = [
    `${source}`,
    `room ${header.code}, round ${header.round}: ${seconds.toFixed(1)} s (ticks ${report.startTick}..${report.endTick}), ended: ${end}`,
    `${report.deliveries} deliveries, ${report.playerMinutes.toFixed(2)} player-minutes`,
    'final standings:',
    ...report.standings.map((s, i) => `  ${String(i + 1).padStart(2)}. ${s.name || `(slot ${s.slot})`}  ${s.score} points, ${s.deliveries} deliveries`),
    report.ok ? 'verified: the replay reproduces every keyframe, delivery and score' : 'MISMATCH:',
    ...report.problems.map((p) => `  ${p}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  exitWithUsageIfAsked(USAGE);
  let values: { verify?: string; token?: string; json?: boolean };
  try {
    values = parseArgs({ options: { verify: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return EXIT_UNREADABLE;
  }
  const source = values.verify;
  if (source === undefined) {
    process.stderr.write(`--verify FILE_OR_URL is required.\n\n${USAGE}\n`);
    return EXIT_UNREADABLE;
  }
  let bytes: Uint8Array;
  try {
    bytes = await fetchBytes(source, values.token ?? process.env.ROUNDTRIP_TOKEN);
  } catch (error) {
    process.stderr.write(`could not read ${source}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_UNREADABLE;
  }
  const decoded = readRecording(bytes);
  if (!decoded.ok) {
    process.stderr.write(`${source} is not a readable recording: ${decoded.code}: ${decoded.message}\n`);
    return EXIT_UNREADABLE;
  }
  const report = verifyRecording(decoded.value);
  const { header } = decoded.value;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ source, code: header.code, round: header.round, bytes: bytes.length, ...report })}\n`);
  } else {
    process.stdout.write(describeReport(source, header, header.config.tickRateHz, report));
  }
  return report.ok ? 0 : EXIT_MISMATCH;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`replay failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(EXIT_UNREADABLE);
  },
);
