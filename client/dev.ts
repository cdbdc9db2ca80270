import { createServer } from 'vite';
import { startNodeProcess } from '../server/process/node-process';

/**
 * `npm run dev`: Vite with hot reload in front of a game node. Uses GAME_SERVER_URL when set,
 * else starts `tsx server/main.ts` on a free port; Vite proxies /socket.io (WebSocket), /api and
 * /healthz to it (client/vite.config.ts reads GAME_SERVER_URL).
 */
async function main(): Promise<void> {
  let stop: (() => Promise<void>) | null = null;
  if (process.env.GAME_SERVER_URL === undefined) {
    const node = await startNodeProcess({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', NODE_ID: 'dev-node' }, { port: 0 });
    process.env.GAME_SERVER_URL = node.url;
    stop = () => node.stop('SIGINT');
    process.stdout.write(`game node at ${node.url}\n`);
  }
  const vite = await createServer({ configFile: new URL('./vite.config.ts', import.meta.url).pathname });
  await vite.listen();
  vite.printUrls();
  const shutdown = () => {
    void Promise.all([vite.close(), stop?.()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
