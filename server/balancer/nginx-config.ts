import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checked-in config (deploy/nginx/roundtrip.conf). */
export const NGINX_TEMPLATE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'nginx', 'roundtrip.conf');

export interface NginxConfigInput {
  listenPort: number;
  /** host:port of each game node. */
  nodes: string[];
}

/**
 * roundtrip.conf with its node list and listen port replaced: the tests and `npm run cluster`
 * users render it for the nodes they actually run, so the file that is tested is the one shipped.
 */
export function renderNginxConfig(input: NginxConfigInput, template = readFileSync(NGINX_TEMPLATE_PATH, 'utf8')): string {
  const servers = input.nodes.map((hostPort) => `        server ${hostPort} max_fails=2 fail_timeout=5s;`).join('\n');
  const withNodes = template.replace(/(# nodes:begin\n)[\s\S]*?(\n\s*# nodes:end)/, `$1${servers}$2`);
  if (withNodes === template) throw new Error('roundtrip.conf lost its "# nodes:begin" / "# nodes:end" markers');
  return withNodes.replace(/listen \d+;/, `listen 127.0.0.1:${input.listenPort};`);
}
