import { parseArgs } from 'node:util';
import { loadPassed, MAX_BOTS, MAX_DURATION_S, MAX_INPUT_RATE_HZ, MAX_RAMP_S, runLoad, type LoadProgress } from './load-runner';
import { progressLine, summaryJson, summaryTable } from './load-report';

const HELP = `Usage: npm run bots -- [options]

Bot players against a Roundtrip server: a progress line on stderr while they play, a summary
at the end. Exit code 1 when any bot failed to join or was dropped, 2 on bad options.

  --url URL           server or balancer          (default http://localhost:3000)
  --rooms R           rooms to create             (default 1)
  --players P         bots per room               (default 20)
  --room CODE         fill this existing room with P bots instead of creating rooms
  --duration S        seconds to play after every bot joined   (default 30, max ${MAX_DURATION_S})
  --ramp S            spread the joins over S seconds          (default: 1 s per 200 bots)
  --wire-parser KIND  custom | default; must match the server's WIRE_PARSER (default custom)
  --input-rate HZ     send inputs at this fixed rate, changed or not (30 = protocol 1's
                      one per tick, for comparison); default: when the buttons change,
                      plus a keep-alive at most 5 times a second, as the browser does
  --predict           predict each bot's own scooter as the browser does and report
                      corrections_per_min and max_correction_tiles
  --private-decode    every bot decodes every snapshot itself, as a browser does
                      (default: the bots of a room share one decode per tick)
  --steering MODE     tank | point: steer with the buttons (default, what the load figures
                      use) or point to steer, as the browser's keys and stick do
  --json              print one JSON line as the summary
  --help              this text

At most ${MAX_BOTS} bots. Ctrl-C stops early, closes every socket and still prints the summary.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) fail(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        rooms: { type: 'string' },
        players: { type: 'string' },
        room: { type: 'string' },
        duration: { type: 'string' },
        ramp: { type: 'string' },
        'wire-parser': { type: 'string' },
        'input-rate': { type: 'string' },
        predict: { type: 'boolean' },
        'private-decode': { type: 'boolean' },
        steering: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const rooms = Math.floor(positive('rooms', values.rooms, 1));
  const players = Math.floor(positive('players', values.players, 20));
  const total = values.room === undefined ? rooms * players : players;
  if (total > MAX_BOTS) fail(`${total} bots is over the limit of ${MAX_BOTS}`);
  const durationS = positive('duration', values.duration, 30);
  if (durationS > MAX_DURATION_S) fail(`--duration is at most ${MAX_DURATION_S} s`);
  const rampS = positive('ramp', values.ramp, Math.min(MAX_RAMP_S, Math.ceil(total / 200)), true);
  if (rampS > MAX_RAMP_S) fail(`--ramp is at most ${MAX_RAMP_S} s`);
  const wireParser = values['wire-parser'] ?? 'custom';
  if (wireParser !== 'custom' && wireParser !== 'default') fail('--wire-parser is custom or default');
  const steering = values.steering ?? 'tank';
  if (steering !== 'tank' && steering !== 'point') fail('--steering is tank or point');
  const inputRateHz = values['input-rate'] === undefined ? null : positive('input-rate', values['input-rate'], 30);
  if (inputRateHz !== null && inputRateHz > MAX_INPUT_RATE_HZ) fail(`--input-rate is at most ${MAX_INPUT_RATE_HZ}`);

  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    // First Ctrl-C: stop and summarise; a second one: leave now.
    if (++interrupts > 1) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const tty = process.stderr.isTTY === true;
  let lastLineMs = 0;
  const onProgress = (progress: LoadProgress) => {
    const line = progressLine(progress);
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else if (performance.now() - lastLineMs >= 5000) {
      lastLineMs = performance.now();
      process.stderr.write(`${line}\n`);
    }
  };

  const summary = await runLoad({
    url: values.url ?? 'http://localhost:3000',
    rooms,
    playersPerRoom: players,
    roomCode: values.room,
    durationS,
    rampS,
    wireParser,
    inputRateHz,
    predict: values.predict ?? false,
    sharedDecode: values['private-decode'] !== true,
    steering,
    onProgress,
    // A marker for a harness measuring the server over the same window (bench/load-variants.ts).
    onWindowStart: values.json ? () => process.stderr.write(`${JSON.stringify({ event: 'window-start' })}\n`) : undefined,
    signal: abort.signal,
  });
  if (tty) process.stderr.write('\n');
  if (values.json) process.stdout.write(`${JSON.stringify(summaryJson(summary))}\n`);
  else process.stdout.write(`\nRoundtrip load test: ${summary.clients} bots against ${values.url ?? 'http://localhost:3000'}\n${summaryTable(summary)}\n`);
  process.exitCode = interrupts > 0 ? 130 : loadPassed(summary) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`run-bots failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
