import type { IncomingMessage } from 'node:http';

/** `::ffff:127.0.0.2` (an IPv4 client on a dual-stack socket) is the same client as `127.0.0.2`. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return a === '::1' || a.startsWith('127.');
}

/**
 * The client's address: the socket's peer, unless that peer is a proxy we trust, in which case
 * X-Forwarded-For is walked from the right (the hop nearest us) past every trusted proxy.
 * Anything left of the first untrusted hop was written by the client and proves nothing, so a
 * client cannot pick its own bucket by sending the header (RFC 7239 section 8.3).
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (trustedProxies.size === 0 || !trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  const hops = joined.split(',').map((h) => normalizeAddress(h)).filter((h) => h !== 'unknown');
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.has(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}

export function parseTrustedProxies(list: string | undefined): Set<string> {
  if (list === undefined) return new Set();
  return new Set(
    list
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '')
      .map(normalizeAddress),
  );
}
