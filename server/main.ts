import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config';
import { startGameNode } from './game-node';
import { createLogger } from './logger';
import { developmentSecret } from './security/secrets';

/** `npm start`: one node, in memory, no Redis. Ctrl-C tells the players and closes cleanly. */
async function main(): Promise<void> {
  const fromEnv = loadConfig();
  const log = createLogger(fromEnv.logLevel, fromEnv.nodeId);
  const clustered = fromEnv.redisUrl !== undefined || fromEnv.redisClusterNodes !== undefined;
  // By default a restart keeps the rooms: players resume with their tokens, scores intact.
  const config = {
    ...fromEnv,
    // In a cluster, rooms live on in Redis instead (the owner saves them every second).
    roomStateFile: fromEnv.roomStateFile ?? (clustered ? undefined : path.join(os.tmpdir(), `roundtrip-rooms-${fromEnv.port}.json`)),
    // Tokens must outlive a restart as the rooms do (a cluster shares JWT_SECRET instead).
    jwtSecret:
      fromEnv.jwtSecret ?? (clustered ? undefined : developmentSecret(path.join(os.tmpdir(), `roundtrip-dev-secret-${fromEnv.port}`), log)),
  };
  const node = await startGameNode(config, log);
  process.stdout.write(`\n  Roundtrip is running at ${node.url}\n  Open it in two browser tabs to play together. Ctrl-C stops it.\n\n`);

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
}

main().catch((error: unknown) => {
  process.stderr.write(`Roundtrip failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
