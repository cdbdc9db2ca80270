import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../server/process/node-process';
import { startServer } from './support/server-process';

/**
 * Builds the client once and starts the suite's own game node on a free port; tests read its
 * URL from E2E_BASE_URL (workers inherit this process's environment).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
  }
  const server = await startServer({ RESUME_GRACE_MS: '20000', EMPTY_ROOM_GRACE_MS: '20000' });
  process.env.E2E_BASE_URL = server.url;
  return async () => {
    await server.stop('SIGINT');
  };
}
