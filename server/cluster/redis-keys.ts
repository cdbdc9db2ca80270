/**
 * Every Redis key and channel Roundtrip uses, in one place. A room's keys share the hash tag
 * `{CODE}`, so on a Redis Cluster they live in one slot (one shard serves the whole room).
 */
export const RedisKeys = {
  /** Node registry: one hash, field = node id, value = NodeInfo JSON. */
  registry: 'rt:registry',
  roomOwner: (code: string) => `rt:room:{${code}}:owner`,
  roomInfo: (code: string) => `rt:room:{${code}}:info`,
  roomSnapshot: (code: string) => `rt:room:{${code}}:snapshot`,
  /** A resume session, by sessionIdOf(token): a hash, so reading Redis resumes nobody's seat. */
  session: (sessionId: string) => `rt:session:{${sessionId}}`,
  /** A session ended on purpose (kicked): its player tokens are refused until they expire. */
  revokedSession: (sessionId: string) => `rt:revoked:{${sessionId}}`,
  /** Rooms a node id claimed leases for (a hint for a restarted node to find its own). */
  nodeClaims: (nodeId: string) => `rt:node:{${nodeId}}:claims`,
  /** Sharded pub/sub channel of messages addressed to one node. */
  nodeChannel: (nodeId: string) => `rt:node:{${nodeId}}`,
} as const;
