import { execFileSync } from 'node:child_process';
import { REPO_ROOT, type NodeProcess } from '../server/process/node-process';
import { startServer } from './support/server-process';
import { useSuiteTempDir } from '../server/test-support/suite-temp-dir';

/** Builds the client (unless E2E_SKIP_BUILD=1) and starts the suite's node. */
async function buildAndStart(): Promise<NodeProcess> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
  }
  return startServer({ RESUME_GRACE_MS: '20000', EMPTY_ROOM_GRACE_MS: '20000' });
}

/**
 * Builds the client once and starts the suite's own game node on a free port; tests read its
 * URL from E2E_BASE_URL (workers inherit this process's environment, TMPDIR too: the run's
 * own temporary directory for browser profiles and the nodes' saved rooms and dev keys,
 * removed at the end).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const removeTempDir = useSuiteTempDir('roundtrip-e2e-run-');
  let server: NodeProcess;
  try {
    server = await buildAndStart();
  } catch (error) {
    removeTempDir();
    throw error;
  }
  process.env.E2E_BASE_URL = server.url;
  return async () => {
    await server.stop('SIGINT');
    removeTempDir();
  };
}
