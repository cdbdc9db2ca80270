import { startNodeProcess, type NodeProcess } from '../../server/process/node-process';

/**
 * A real game node for the e2e suite, through the one process harness (server/process): quiet
 * logs, loopback, on `port` (0: any free port the node picks, and then no temp files of its
 * own). Resolves once the node prints its URL.
 */
export function startServer(env: Record<string, string> = {}, port = 0): Promise<NodeProcess> {
  return startNodeProcess({ NODE_ID: 'e2e-node', ...env }, { port });
}
