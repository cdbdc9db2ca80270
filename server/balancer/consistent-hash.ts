/**
 * Rendezvous (highest-random-weight) hashing: every node scores every key, the highest score
 * wins. Adding a node steals only the keys it now scores highest on (about 1/N of them);
 * removing one moves only the keys it held. nginx's plain `ip_hash` and `hash % N` instead
 * move most keys when N changes (see consistent-hash.test.ts for the figures).
 *
 * O(N) per pick, which is nothing for the handful of game nodes a balancer fronts, and it
 * needs no ring of virtual nodes to rebuild when the node list changes.
 */

/**
 * cyrb53: a fast, well-mixed 53-bit string hash (fits a double exactly). Not cryptographic:
 * a client can steer itself but gains nothing by it.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The node id (of `nodeIds`) that owns `key`; null when there is none. Order-independent. */
export function rendezvousPick(key: string, nodeIds: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const id of nodeIds) {
    // The NUL separator keeps ("ab","c") and ("a","bc") apart.
    const score = hash53(`${id}\u0000${key}`);
    if (score > bestScore || (score === bestScore && best !== null && id < best)) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}

/**
 * What nginx's `ip_hash` / `hash $key` (without `consistent`) amount to: hash modulo the
 * node count over a sorted list. Kept only as the baseline the tests and docs compare against.
 */
export function moduloPick(key: string, nodeIds: readonly string[]): string | null {
  if (nodeIds.length === 0) return null;
  const sorted = [...nodeIds].sort();
  return sorted[hash53(key) % sorted.length];
}
