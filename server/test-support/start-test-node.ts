import { loadConfig, type NodeConfig } from '../config';
import { startGameNode, type GameNode } from '../game-node';
import { createLogger } from '../logger';

/** A real game node on a free port (port 0), quiet, with test-sized limits. */
export async function startTestNode(overrides: Partial<NodeConfig> = {}): Promise<GameNode> {
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', nodeId: 'test-node', logLevel: 'silent', ...overrides });
  return startGameNode(config, createLogger('silent', config.nodeId));
}

export async function createRoom(node: GameNode): Promise<string> {
  const response = await fetch(`${node.url}/api/rooms`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`POST /api/rooms answered ${response.status}`);
  const body = (await response.json()) as { code: string };
  return body.code;
}
