import type { ErrorCode } from './error-code';

/**
 * JSON control messages: rare, small, text frames through the default socket.io encoding
 * (see wire-parser.ts). Types only; the server validates what arrives (server/net), since a
 * client's payload is `unknown` until checked.
 */
export const ControlEvent = {
  /** client -> server: JoinRequest. */
  Join: 'join',
  /** server -> client: WelcomeMessage, followed by a binary Keyframe. */
  Welcome: 'welcome',
  /** server -> room: RosterMessage whenever someone joins, drops, resumes or leaves. */
  Roster: 'roster',
  /** server -> client: ErrorMessage (a refused join or a rejected message). */
  Error: 'error',
  /** client -> server: leave the room (no payload). */
  Leave: 'leave',
  /** server -> all: ShutdownMessage, the node is going away; reconnect and resume. */
  Shutdown: 'shutdown',
  /**
   * client -> server: no payload; "my snapshot state is out of step, send a keyframe". Needed
   * when a join went through another node than the room's owner (the keyframe then travels the
   * room's broadcast channel). At most one per socket every few seconds.
   */
  Resync: 'resync',
  /** server -> room: KickedMessage, the teacher removed a player (the one with that id stops). */
  Kicked: 'kicked',
  /**
   * server -> client: NetworkConditionsMessage, the network conditions the teacher put on this
   * player's connection (sent on every change and after each welcome), so the student sees
   * what was done to their network (issue #12).
   */
  Conditions: 'conditions',
  /**
   * client -> server: WatchRequest, watch a room live without a seat (the projector, issue 14):
   * no slot, no inputs, never counted against the room's capacity.
   */
  Watch: 'watch',
  /** server -> spectator: WatchingMessage, followed by a binary Keyframe, then the room's broadcasts. */
  Watching: 'watching',
} as const;
export type ControlEvent = (typeof ControlEvent)[keyof typeof ControlEvent];

/**
 * Join a room by code, or resume a session with its token (on any node). `device` is a random
 * id the browser keeps (localStorage), so a room can keep a removed student out until the
 * teacher lets them back in (REMOVED); optional: bots and old clients send none.
 */
export type JoinRequest =
  | { v: number; code: string; name: string; device?: string }
  | { v: number; resume: string };

export interface PlayerSummary {
  /** Player slot: the index into the snapshot's per-player arrays. */
  id: number;
  /** Plain text; render as text, never as HTML. */
  name: string;
}

/**
 * How this server sends snapshots: 'binary' = Snapshot/Keyframe messages on 'b' (section 3 of
 * PROTOCOL.md); 'json' = the naive baseline, a JsonState object on the 'state' event every
 * snapshot (json-state.ts).
 */
export type SnapshotCodec = 'binary' | 'json';

export interface WelcomeMessage {
  /** PROTOCOL_VERSION of the server. */
  v: number;
  playerId: number;
  resumeToken: string;
  room: string;
  nodeId: string;
  tickRateHz: number;
  snapshotRateHz: number;
  seed: number;
  maxPlayers: number;
  houseCount: number;
  players: PlayerSummary[];
  /** Which snapshot codec this server speaks (set by SNAPSHOT_CODEC on the server). */
  snapshotCodec: SnapshotCodec;
  /** The node that owns (ticks) the room; equals nodeId unless the player joined through another node. */
  ownerNodeId: string;
  /**
   * Who starts rounds: 'auto' rooms loop by themselves; 'teacher' (classroom) rooms go back to
   * the lobby after the results and wait for the teacher. Absent from older servers: 'auto'.
   */
  rounds?: 'auto' | 'teacher';
}

/** Watch a room by code; the token is the room's teacher token (the projector is the teacher's). */
export interface WatchRequest {
  v: number;
  code: string;
  token: string;
}

/** What a spectator needs to decode and draw the room (a welcome without a seat). */
export interface WatchingMessage {
  v: number;
  room: string;
  nodeId: string;
  tickRateHz: number;
  snapshotRateHz: number;
  seed: number;
  maxPlayers: number;
  houseCount: number;
  players: PlayerSummary[];
  snapshotCodec: SnapshotCodec;
}

export interface RosterMessage {
  players: (PlayerSummary & { connected: boolean })[];
}

export interface ErrorMessage {
  code: ErrorCode;
  /** Human-readable; clients branch on `code`, never on this text. */
  message: string;
  /** Set on the last error before the server closes this connection (repeated abuse). */
  fatal?: boolean;
}

export interface KickedMessage {
  playerId: number;
  message: string;
}

export interface ShutdownMessage {
  message: string;
}

/**
 * Latency, jitter and loss a teacher puts on a player's connection (the lesson on prediction
 * and interpolation). Latency and jitter are per direction; loss is modelled as TCP does it:
 * a lost segment is retransmitted, so the message arrives late and holds up those behind it.
 */
export interface Conditions {
  latencyMs: number;
  jitterMs: number;
  lossPct: number;
}

export interface NetworkConditionsMessage {
  /** null: the connection is back to normal. */
  conditions: Conditions | null;
}
