import { isLoopbackHost } from '../../shared/loopback-host';

/**
 * The blocks `npm start` and `npm run cluster` print once they are up (issue 12): where to
 * play, where students join from their own devices, the teacher console, and what a person
 * should know about this run. Pure text, so it is tested as text.
 */

/** How the signing key of this run came about (server/security/secrets.ts). */
export type SigningKeyOrigin = { kind: 'env' } | { kind: 'dev-file'; file: string; created: boolean } | { kind: 'this-run' };

export interface NodeBannerInput {
  /** The node's own URL on this machine (`http://localhost:3000`). */
  localUrl: string;
  /** What the node listens on (HOST). */
  host: string;
  port: number;
  scheme: 'http' | 'https';
  /** PUBLIC_URL, when set. */
  publicUrl: string | undefined;
  lanAddresses: readonly string[];
  signingKey: SigningKeyOrigin;
}

/** The URL on each network address, for students on their own devices. */
function lanUrls(scheme: string, port: number, addresses: readonly string[]): string[] {
  return addresses.map((a) => `${scheme}://${a}:${port}`);
}

function studentsLines(publicUrl: string | undefined, reachable: string[], listensOnLoopbackOnly: boolean): string[] {
  if (publicUrl !== undefined && !isLoopbackHost(new URL(publicUrl).hostname)) return [`  Students join at: ${publicUrl}  (PUBLIC_URL)`];
  if (listensOnLoopbackOnly) return ['  On the network:   none: HOST is a loopback address, so only this computer can connect', '                    (HOST=0.0.0.0 lets phones and laptops on your network in)'];
  if (reachable.length === 0) return ['  On the network:   none found: connect this computer to the classroom network so phones can join'];
  const [first, ...rest] = reachable;
  return [`  On the network:   ${first}   <- students open this, or scan the QR code in the console`, ...rest.map((u) => `                    ${u}`)];
}

function signingKeyLine(key: SigningKeyOrigin): string[] {
  switch (key.kind) {
    case 'env':
      return [];
    case 'dev-file':
      return [
        `  Sign-in key:      development key ${key.created ? 'made and kept' : 'kept'} in ${key.file} (JWT_SECRET is not set:`,
        '                    fine on one computer, tokens survive a restart; production sets it, see README "Configuration")',
      ];
    case 'this-run':
      return ['  Sign-in key:      made for this run (JWT_SECRET is not set): tokens end when it stops; production sets it'];
  }
}

export function nodeBanner(b: NodeBannerInput): string {
  const loopbackOnly = isLoopbackHost(b.host);
  return [
    '',
    `  Roundtrip is running at ${b.localUrl}`,
    ...studentsLines(b.publicUrl, lanUrls(b.scheme, b.port, b.lanAddresses), loopbackOnly),
    `  Teacher console:  ${b.localUrl}/teacher`,
    ...signingKeyLine(b.signingKey),
    '  Open it in two browser tabs to play together. Ctrl-C stops it.',
    '',
    '',
  ].join('\n');
}

export interface ClusterBannerInput {
  nodes: readonly { id: string; url: string }[];
  strategy: string;
  /** The balancer's port and what it listens on (BALANCER_HOST). */
  port: number;
  host: string;
  lanAddresses: readonly string[];
  /** Where the Redis is and whose it is. */
  redis: { where: string; startedHere: boolean };
  signingKey: SigningKeyOrigin;
  /** The bearer token the balancer's strategy switch asks for (issue 13). */
  adminToken: string;
  /** The launcher offers drain / kill / start of its nodes at /balancer/nodes (issue 12). */
  nodeControl?: boolean;
}

export function clusterBanner(c: ClusterBannerInput): string {
  const local = `http://localhost:${c.port}`;
  return [
    '',
    `  Roundtrip cluster: ${c.nodes.length} node(s) behind the balancer (${c.strategy})`,
    `  Play:             ${local}`,
    ...studentsLines(undefined, lanUrls('http', c.port, c.lanAddresses), isLoopbackHost(c.host)),
    `  Teacher console:  ${local}/teacher`,
    `  Balancer:         ${local}/balancer/status`,
    `  Switch strategy:  curl -X POST localhost:${c.port}/balancer/strategy -H 'content-type: application/json' -H 'authorization: Bearer ${c.adminToken}' -d '{"strategy":"round-robin"}'`,
    `  Nodes:            ${c.nodes.map((n) => `${n.id} ${n.url.replace(/^https?:\/\//, '')}`).join(', ')}  (behind the balancer: open the balancer, not these)`,
    ...(c.nodeControl === true ? ['  Failover lesson:  drain, kill and start nodes from the teacher console (cards 4 and 7), or POST /balancer/nodes/<id>/drain|kill|start'] : []),
    `  Redis:            ${c.redis.where.replace(/\/\/:[^@]*@/, '//')}${c.redis.startedHere ? '  (a redis-server of this command: no persistence, stopped with it)' : ''}`,
    ...signingKeyLine(c.signingKey),
    '  Ctrl-C stops all of it.',
    '',
    '',
  ].join('\n');
}
