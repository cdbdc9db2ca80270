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
  /** A room's recorded rounds (issue 14): a hash, field = round number, value = RoundInfo JSON. */
  replayRounds: (code: string) => `rt:room:{${code}}:replay:rounds`,
  /** A running round's recording chunks: a hash, field = chunk index, value = base64. */
  replayChunks: (code: string, round: number) => `rt:room:{${code}}:replay:${round}:chunks`,
  /** A finished round's recording file, base64. */
  replayFile: (code: string, round: number) => `rt:room:{${code}}:replay:${round}:file`,
  /** Every finished recording kept, for the size cap: field = CODE:ROUND, value = KeptEntry JSON. */
  replays: 'rt:replays',
  /** Sharded pub/sub channel of messages addressed to one node. */
  nodeChannel: (nodeId: string) => `rt:node:{${nodeId}}`,
} as const;
