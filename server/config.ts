import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SnapshotCodec } from '../shared/protocol/control-messages';
import type { WireParserKind } from '../shared/protocol/wire-parser-kind';

/**
 * Everything a node can be told, from the environment. Limits are named here so that going over
 * one is a clear, configured decision (see ../shared/style.md, "limits are named config").
 */
const intFrom = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const ConfigSchema = z.object({
  PORT: intFrom(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ID: z.string().regex(/^[\w.-]{1,40}$/).optional(),
  TICK_RATE_HZ: intFrom(30, 1, 120),
  SNAPSHOT_RATE_HZ: intFrom(30, 1, 120),
  KEYFRAME_INTERVAL_S: intFrom(5, 1, 600),
  MAX_PLAYERS_PER_ROOM: intFrom(40, 1, 200),
  MAX_ROOMS: intFrom(500, 1, 100_000),
  ROUND_SECONDS: intFrom(180, 5, 3600),
  RESULTS_SECONDS: intFrom(10, 1, 600),
  RESUME_GRACE_MS: intFrom(30_000, 0, 3_600_000),
  EMPTY_ROOM_GRACE_MS: intFrom(60_000, 0, 3_600_000),
  INPUTS_PER_SECOND_MAX: intFrom(90, 1, 10_000),
  ABUSE_STRIKES_MAX: intFrom(20, 1, 10_000),
  MAX_MESSAGE_BYTES: intFrom(4096, 64, 1_000_000),
  HTTP_BODY_LIMIT_BYTES: intFrom(16_384, 256, 10_000_000),
  PING_INTERVAL_MS: intFrom(10_000, 100, 300_000),
  PING_TIMEOUT_MS: intFrom(8_000, 100, 300_000),
  HTTP_HEADERS_TIMEOUT_MS: intFrom(5_000, 100, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: intFrom(10_000, 100, 600_000),
  CLIENT_DIST: z.string().optional(),
  ROOM_STATE_FILE: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//).optional(),
  REDIS_CLUSTER_NODES: z.string().regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/).optional(),
  PUBLIC_URL: z.string().url().optional(),
  NODE_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  TEACHER_PASSWORD: z.string().min(1).optional(),
  CORS_ORIGINS: z.string().optional(),
  HTTP_RATE_LIMIT_PER_MINUTE: intFrom(600, 1, 1_000_000),
  ROOM_CREATE_LIMIT_PER_MINUTE: intFrom(40, 1, 100_000),
  MAX_ROOMS_PER_ADDRESS: intFrom(40, 1, 100_000),
  TEACHER_PASSWORD_FAILURES_MAX: intFrom(10, 1, 10_000),
  TEACHER_PASSWORD_FAILURE_WINDOW_S: intFrom(900, 1, 86_400),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  MAX_BOTS_PER_NODE: intFrom(200, 0, 10_000),
  MAX_CONNECTIONS_PER_ADDRESS: intFrom(200, 1, 1_000_000),
  UNJOINED_TIMEOUT_MS: intFrom(30_000, 1000, 3_600_000),
  LEASE_TTL_MS: intFrom(2000, 200, 600_000),
  MAX_BOTS_PER_ROOM: intFrom(20, 0, 200),
  MAX_BOTS_PER_ADDRESS: intFrom(40, 0, 10_000),
  TRUST_PROXY: z.string().default('127.0.0.1,::1'),
  SNAPSHOT_CODEC: z.enum(['binary', 'json']).default('binary'),
  WIRE_PARSER: z.enum(['custom', 'default']).default('custom'),
  REPLAY_ROUNDS_PER_ROOM: intFrom(10, 0, 1000),
  REPLAY_MAX_TOTAL_MB: intFrom(64, 1, 100_000),
  REPLAY_TTL_S: intFrom(43_200, 60, 30 * 86_400),
  REPLAY_KEYFRAME_INTERVAL_S: intFrom(5, 1, 600),
  REPLAY_MAX_ROUND_MB: intFrom(4, 1, 64),
  REPLAY_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface NodeConfig {
  port: number;
  host: string;
  nodeId: string;
  tickRateHz: number;
  /** Snapshots per second; the tick sends one every tickRateHz / snapshotRateHz ticks. */
  snapshotRateHz: number;
  /** A full keyframe goes to the whole room this often, so deltas can never drift for long. */
  keyframeIntervalS: number;
  maxPlayersPerRoom: number;
  maxRooms: number;
  roundSeconds: number;
  resultsSeconds: number;
  /** How long a dropped player's scooter, pizzas and score wait for a resume. */
  resumeGraceMs: number;
  /** How long a room with nobody in it lives on. */
  emptyRoomGraceMs: number;
  /** Binary messages (inputs and pings) a socket may send per second before being refused. */
  inputsPerSecondMax: number;
  /** Rejected messages a socket may cause before it is disconnected. */
  abuseStrikesMax: number;
  /** Largest WebSocket message accepted (engine.io closes the connection above it). */
  maxMessageBytes: number;
  httpBodyLimitBytes: number;
  /**
   * engine.io heartbeat: the server pings every pingIntervalMs and drops a client that has not
   * answered within pingTimeoutMs more. A dead link is noticed within their sum (18 s by
   * default), which is when the player's seat starts its resume grace. @default 10000
   */
  pingIntervalMs: number;
  /** @default 8000 */
  pingTimeoutMs: number;
  /**
   * The whole request head must arrive within this (Node's headersTimeout; a slow-header sender
   * gets 408 and is closed). Kept below httpRequestTimeoutMs, which Node needs for both to apply.
   * @default 5000
   */
  httpHeadersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's requestTimeout). @default 10000 */
  httpRequestTimeoutMs: number;
  /** Where rooms are saved at a graceful stop and restored from at start (unset: not saved). */
  roomStateFile: string | undefined;
  /** A single Redis for cluster mode (unset, with no cluster nodes: one node, in memory). */
  redisUrl: string | undefined;
  /** host:port of Redis Cluster nodes, for cluster mode on a Redis Cluster. */
  redisClusterNodes: string[] | undefined;
  /**
   * Where students reach the game (join links and QR codes, when set and not loopback); on a
   * single node it is also what the registry announces, unless NODE_URL says otherwise.
   */
  publicUrl: string | undefined;
  /**
   * URL other processes (the balancer) reach this node at, announced in the registry; defaults
   * to PUBLIC_URL, then http://127.0.0.1:PORT. Apart from PUBLIC_URL so a launcher can point the
   * balancer at a node's loopback port without changing what students are told.
   */
  nodeUrl: string | undefined;
  /** Secret that signs player and teacher tokens (JWT); generated per process when unset. */
  jwtSecret: string | undefined;
  /** When set, creating a classroom room needs this password. */
  teacherPassword: string | undefined;
  /** Origins allowed to call the API from other sites (CORS); same-origin always works. */
  corsOrigins: string[];
  /** Requests per minute per client address on the HTTP API. */
  httpRateLimitPerMinute: number;
  /**
   * Rooms (POST /api/rooms and /api/classrooms together) one address may create per minute: a
   * class behind one school NAT, each student making a room at once. @default 40
   */
  roomCreateLimitPerMinute: number;
  /**
   * Rooms created by one address that may be open on a node at once, so one address cannot fill
   * MAX_ROOMS (empty rooms live on for EMPTY_ROOM_GRACE_MS). A school NAT where every student
   * makes a room of their own needs one per student: 40 covers a class. @default 40
   */
  maxRoomsPerAddress: number;
  /** Wrong teacher passwords one address may send per window, across the cluster. @default 10 */
  teacherPasswordFailuresMax: number;
  /** @default 900 (15 minutes) */
  teacherPasswordFailureWindowS: number;
  /** TLS certificate and key (PEM files): the node serves HTTPS/WSS when both are given. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** Server-side bots a node runs for teachers, in all its rooms together. */
  maxBotsPerNode: number;
  /**
   * Game connections one client address may hold at once. A school NAT puts a whole class
   * behind one address (30-40 students, a tab or two each), so the default leaves room for that
   * while one machine cannot take thousands. @default 200
   */
  maxConnectionsPerAddress: number;
  /** A connection that has not joined a room this long after connecting is closed. @default 30000 */
  unjoinedTimeoutMs: number;
  /**
   * How long a room's lease outlives its owner's last renewal (cluster mode): a crashed owner's
   * rooms are taken over within it (issue #13 asks for 3 s at most). Renewed four times per TTL,
   * so an owner stalled for up to 1.5 s (a long GC, a loaded machine) keeps its rooms. @default 2000
   */
  leaseTtlMs: number;
  /** Server-side bots in one room. @default 20 */
  maxBotsPerRoom: number;
  /**
   * Server-side bots in all the rooms created from one address, so one address cannot take the
   * node's whole budget (issue 13 §7). A school NAT shares it: two classrooms' worth. @default 40
   */
  maxBotsPerAddress: number;
  /** Proxies whose X-Forwarded-For is believed (addresses; empty: none). @default loopback */
  trustProxy: string[];
  /** Folder of the built client; defaults to client/dist. */
  clientDist: string | undefined;
  logLevel: string;
  /**
   * 'binary': bit-packed delta snapshots (PROTOCOL.md). 'json': the naive baseline a tutorial
   * game sends, the whole room state as a JSON object every snapshot (issue #5, for comparison).
   * @default 'binary'
   */
  snapshotCodec: SnapshotCodec;
  /**
   * Finished rounds whose recordings are kept per room (issue 14), newest first; 0 records
   * nothing. @default 10
   */
  replayRoundsPerRoom: number;
  /** All recordings of the node (or the cluster, in Redis) together; the oldest go first. @default 64 MiB */
  replayMaxTotalBytes: number;
  /**
   * How long a recording is kept after its round ended. Reading one needs a room token, which
   * lives 12 h at most (a teacher's), so keeping it longer serves nobody. @default 43200000
   */
  replayTtlMs: number;
  /** A keyframe (what a viewer seeks from) every this many seconds of a recording. @default 5 */
  replayKeyframeIntervalS: number;
  /** A round's recording stops past this size (a recording is ~1-2 KB per player-minute). @default 4 MiB */
  replayMaxRoundBytes: number;
  /**
   * Where one node keeps finished recordings across restarts (one file each, private). Unset:
   * beside ROOM_STATE_FILE when that is set, else memory only. Unused in a cluster (Redis).
   */
  replayDir: string | undefined;
  /**
   * 'custom': shared/protocol/wire-parser.ts (one binary frame per message). 'default':
   * socket.io's own parser (two frames per binary message); clients must use the same.
   * @default 'custom'
   */
  wireParser: WireParserKind;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<NodeConfig> = {}): NodeConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const config: NodeConfig = {
    port: e.PORT,
    host: e.HOST,
    nodeId: e.NODE_ID ?? `node-${randomBytes(3).toString('hex')}`,
    tickRateHz: e.TICK_RATE_HZ,
    snapshotRateHz: Math.min(e.SNAPSHOT_RATE_HZ, e.TICK_RATE_HZ),
    keyframeIntervalS: e.KEYFRAME_INTERVAL_S,
    maxPlayersPerRoom: e.MAX_PLAYERS_PER_ROOM,
    maxRooms: e.MAX_ROOMS,
    roundSeconds: e.ROUND_SECONDS,
    resultsSeconds: e.RESULTS_SECONDS,
    resumeGraceMs: e.RESUME_GRACE_MS,
    emptyRoomGraceMs: e.EMPTY_ROOM_GRACE_MS,
    inputsPerSecondMax: e.INPUTS_PER_SECOND_MAX,
    abuseStrikesMax: e.ABUSE_STRIKES_MAX,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    httpBodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
    pingIntervalMs: e.PING_INTERVAL_MS,
    pingTimeoutMs: e.PING_TIMEOUT_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    // Node swaps the two when headersTimeout is the larger (ConnectionsList::Expired in
    // src/node_http_parser.cc): requestTimeout 10 s then became the 60 s header default (issue 13 §7).
    httpHeadersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS - 1),
    clientDist: e.CLIENT_DIST,
    roomStateFile: e.ROOM_STATE_FILE,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES?.split(','),
    publicUrl: e.PUBLIC_URL,
    nodeUrl: e.NODE_URL,
    jwtSecret: e.JWT_SECRET,
    teacherPassword: e.TEACHER_PASSWORD,
    corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0),
    httpRateLimitPerMinute: e.HTTP_RATE_LIMIT_PER_MINUTE,
    roomCreateLimitPerMinute: e.ROOM_CREATE_LIMIT_PER_MINUTE,
    maxRoomsPerAddress: e.MAX_ROOMS_PER_ADDRESS,
    teacherPasswordFailuresMax: e.TEACHER_PASSWORD_FAILURES_MAX,
    teacherPasswordFailureWindowS: e.TEACHER_PASSWORD_FAILURE_WINDOW_S,
    tlsCertFile: e.TLS_CERT_FILE,
    tlsKeyFile: e.TLS_KEY_FILE,
    maxBotsPerNode: e.MAX_BOTS_PER_NODE,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    unjoinedTimeoutMs: e.UNJOINED_TIMEOUT_MS,
    leaseTtlMs: e.LEASE_TTL_MS,
    maxBotsPerRoom: e.MAX_BOTS_PER_ROOM,
    maxBotsPerAddress: e.MAX_BOTS_PER_ADDRESS,
    trustProxy: e.TRUST_PROXY.split(',').map((a) => a.trim()).filter((a) => a.length > 0),
    replayRoundsPerRoom: e.REPLAY_ROUNDS_PER_ROOM,
    replayMaxTotalBytes: e.REPLAY_MAX_TOTAL_MB * 1024 * 1024,
    replayTtlMs: e.REPLAY_TTL_S * 1000,
    replayKeyframeIntervalS: e.REPLAY_KEYFRAME_INTERVAL_S,
    replayMaxRoundBytes: e.REPLAY_MAX_ROUND_MB * 1024 * 1024,
    replayDir: e.REPLAY_DIR,
    logLevel: e.LOG_LEVEL,
    snapshotCodec: e.SNAPSHOT_CODEC,
    wireParser: e.WIRE_PARSER,
  };
  return { ...config, ...overrides };
}
