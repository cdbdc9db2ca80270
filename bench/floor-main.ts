import { parseArgs } from 'node:util';
import { startFloorServer } from './floor-server';
import { floorSnapshotBytes } from './floor-wire';

/**
 * The floor server as a process (the load bench starts it like a node): `--players` per room,
 * `--snapshot-bytes` (default: what Roundtrip sends for that room size). Prints its URL, stops
 * cleanly on SIGTERM / SIGINT (so `--cpu-prof` can write its profile).
 */
const HELP = `Usage: tsx bench/floor-main.ts [--port 0] [--host 127.0.0.1] [--players 20] [--snapshot-bytes N] [--tick-rate 30]

A bare ws server carrying Roundtrip's traffic (docs/load-testing.md, "The floor"): reads every
input, writes one snapshot-sized message per socket per tick. GET /metrics for the bench.
Default --snapshot-bytes: the mean binary snapshot of a real room of --players riding bots.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    players: { type: 'string' },
    'snapshot-bytes': { type: 'string' },
    'tick-rate': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const num = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  const value = raw === undefined ? fallback : Number(raw);
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    process.stderr.write(`--${name} must be in [${min}, ${max}]\n\n${HELP}\n`);
    process.exit(2);
  }
  return value;
};
const playersPerRoom = Math.floor(num('players', values.players, 20, 1, 200));
// The bench passes the size; measuring it here would load the game into the floor's process.
const measured = values['snapshot-bytes'] === undefined ? (await import('./snapshot-size')).roundtripSnapshotBytes(playersPerRoom) : null;
const snapshotBytes = floorSnapshotBytes(measured ?? num('snapshot-bytes', values['snapshot-bytes'], 0, 1, 65_535), playersPerRoom);
const server = await startFloorServer({
  port: Math.floor(num('port', values.port ?? process.env.PORT, 0, 0, 65_535)),
  host: values.host ?? process.env.HOST ?? '127.0.0.1',
  playersPerRoom,
  snapshotBytes,
  tickRateHz: num('tick-rate', values['tick-rate'], 30, 1, 1000),
});
process.stdout.write(`Floor server (${playersPerRoom} per room, ${snapshotBytes}-byte snapshots) running at ${server.url}\n`);
let stopping = false;
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
