import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config';
import { startGameNode } from './game-node';
import { lanAddresses } from './lan-addresses';
import { unsupportedNodeWarning } from './node-version';
import { nodeBanner, type SigningKeyOrigin } from './launcher/banner';
import { exitWithUsageIfAsked } from './cli-help';
import { createLogger } from './logger';
import { developmentSecret } from './security/secrets';

const USAGE = `Usage: npm start            (builds the client, then runs one game node)
       npm run serve        (runs the node on the client built last)

One game node: the game, the teacher console (/teacher) and the API, in memory, no Redis.
Configured from the environment (README, "Configuration"): PORT (3000), HOST (0.0.0.0),
PUBLIC_URL, TEACHER_PASSWORD, JWT_SECRET, REDIS_URL (cluster mode), LOG_LEVEL, LOG_FORMAT
(pretty|json; pretty on a terminal). Ctrl-C tells the players and stops it; in a cluster,
SIGUSR2 drains it first (its rooms handed over to the other nodes, its players moved).`;

/** Set by the cluster launcher, which prints one block for the whole cluster instead. */
const BANNER_OFF = process.env.ROUNDTRIP_BANNER === 'off';

/** `npm start`: one node, in memory, no Redis. Ctrl-C tells the players and closes cleanly. */
async function main(): Promise<void> {
  exitWithUsageIfAsked(USAGE);
  const fromEnv = loadConfig();
  const log = createLogger(fromEnv.logLevel, fromEnv.nodeId);
  const nodeWarning = unsupportedNodeWarning(process.versions.node);
  if (nodeWarning !== null) log.warn(nodeWarning);
  const clustered = fromEnv.redisUrl !== undefined || fromEnv.redisClusterNodes !== undefined;
  // Tokens must outlive a restart as the rooms do (a cluster shares JWT_SECRET instead). The
  // banner says what that means; the log need not say it again as a warning.
  const secretFile = path.join(os.tmpdir(), `roundtrip-dev-secret-${fromEnv.port}`);
  // PORT=0 (a free port each start, as the tests ask) has no restart to survive: a file named
  // after port 0 would be shared by every such node on the machine, and one would restore
  // another's rooms.
  const restartable = !clustered && fromEnv.port !== 0;
  const devKey = fromEnv.jwtSecret === undefined && restartable;
  const hadSecretFile = devKey && existsSync(secretFile);
  // By default a restart keeps the rooms: players resume with their tokens, scores intact.
  const config = {
    ...fromEnv,
    // In a cluster, rooms live on in Redis instead (the owner saves them every second).
    roomStateFile: fromEnv.roomStateFile ?? (restartable ? path.join(os.tmpdir(), `roundtrip-rooms-${fromEnv.port}.json`) : undefined),
    jwtSecret: fromEnv.jwtSecret ?? (devKey ? developmentSecret(secretFile, log) : undefined),
  };
  const node = await startGameNode(config, log);
  if (!BANNER_OFF) {
    const signingKey: SigningKeyOrigin =
      fromEnv.jwtSecret !== undefined ? { kind: 'env' } : devKey && existsSync(secretFile) ? { kind: 'dev-file', file: secretFile, created: !hadSecretFile } : { kind: 'this-run' };
    process.stdout.write(
      nodeBanner({
        localUrl: node.url,
        host: config.host,
        port: node.port,
        scheme: node.url.startsWith('https:') ? 'https' : 'http',
        publicUrl: config.publicUrl,
        lanAddresses: lanAddresses(),
        signingKey,
      }),
    );
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    log.info({ signal }, 'stopping');
    node.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  drainWhenAsked.ready(() => {
    if (++signals > 1) return;
    log.info({ signal: 'SIGUSR2' }, 'draining');
    node.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while draining');
        process.exit(1);
      },
    );
  });
}

/**
 * A graceful drain (the failover lesson's "Drain", or an operator's kill -USR2): the node hands
 * its rooms to the others before it stops, instead of leaving them to a lapsed lease. Listened
 * for from the first moment: SIGUSR2's default is to end the process, and the launcher may ask
 * as soon as /healthz answers, before the node has finished starting; the drain then waits.
 */
const drainWhenAsked = (() => {
  let asked = false;
  let drain: (() => void) | null = null;
  process.on('SIGUSR2', () => {
    if (drain !== null) drain();
    else asked = true;
  });
  return {
    ready(run: () => void): void {
      drain = run;
      if (asked) run();
    },
  };
})();

main().catch((error: unknown) => {
  process.stderr.write(`Roundtrip failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
