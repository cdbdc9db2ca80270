import { parseArgs } from 'node:util';
import { DelayProxy, MAX_CONNECTIONS, MAX_DELAY_MS, MAX_LIFETIME_S } from './delay-proxy';

const HELP = `Usage: npx tsx bench/delay-proxy-cli.ts --target PORT [options]

A TCP proxy on loopback that delays every chunk, each direction, by DELAY +- JITTER ms while
keeping the byte order: to measure prediction and the tick clock under a known latency.
Example, 50 +- 20 ms each way in front of a node on port 3000:

  npx tsx bench/delay-proxy-cli.ts --target 3000 --port 3100 --delay 50 --jitter 20
  npm run bots -- --url http://127.0.0.1:3100 --players 1 --predict --duration 60 --json

  --target PORT        port of the server to proxy (on 127.0.0.1)        (required)
  --target-host HOST   loopback address of the server             (default 127.0.0.1)
  --port PORT          port to listen on, 0 = any free one           (default 0)
  --host HOST          loopback address to listen on              (default 127.0.0.1)
  --delay MS           delay added to each chunk, each direction     (default 50, max ${MAX_DELAY_MS})
  --jitter MS          uniform +- jitter on each chunk's delay       (default 0, at most --delay)
  --connections N      connections at once; more are refused         (default 64, max ${MAX_CONNECTIONS})
  --lifetime S         the proxy exits after this long               (default 600, max ${MAX_LIFETIME_S})
  --seed N             seed of the jitter                            (default 1)
  --help               this text

Only loopback addresses are accepted, on both sides. Prints the listening URL, then a line
of totals when it exits (Ctrl-C or the lifetime).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

function numberOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a non-negative number`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        'target-host': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        delay: { type: 'string' },
        jitter: { type: 'string' },
        connections: { type: 'string' },
        lifetime: { type: 'string' },
        seed: { type: 'string' },
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
  if (values.target === undefined) fail('--target is required');
  let proxy: DelayProxy;
  try {
    proxy = new DelayProxy({
      targetHost: values['target-host'] ?? '127.0.0.1',
      targetPort: numberOption('target', values.target, 0),
      listenHost: values.host ?? '127.0.0.1',
      listenPort: numberOption('port', values.port, 0),
      delayMs: numberOption('delay', values.delay, 50),
      jitterMs: numberOption('jitter', values.jitter, 0),
      maxConnections: numberOption('connections', values.connections, 64),
      maxLifetimeS: numberOption('lifetime', values.lifetime, 600),
      seed: numberOption('seed', values.seed, 1),
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const port = await proxy.start();
  const host = values.host ?? '127.0.0.1';
  process.stdout.write(`delay proxy listening at http://${host.includes(':') ? `[${host}]` : host}:${port}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await proxy.close();
    const s = proxy.stats;
    process.stdout.write(`delay proxy closed: ${s.connections} connections (${s.refused} refused), ${s.bytesUp} bytes up, ${s.bytesDown} bytes down\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // The lifetime limit closes the proxy from inside; exit with it.
  void proxy.closed.then(stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`delay-proxy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
