/**
 * The round recording's codes and limits (issue 14; the layout is written down in
 * shared/replay/REPLAY-FORMAT.md). Codes are only ever added; a change to a layout bumps
 * RECORDING_FORMAT_VERSION.
 */

/** "RTRP": the first four bytes of every recording file. */
export const RECORDING_MAGIC = Uint8Array.of(0x52, 0x54, 0x52, 0x50);
export const RECORDING_FORMAT_VERSION = 3;
/**
 * Versions this build reads: 3, and 2 (finished rounds recorded before format 3 are stored as
 * whole files with their version byte; 2 differs only in how a changed steer target is coded).
 */
export const READABLE_RECORDING_VERSIONS: readonly number[] = [2, 3];

/**
 * What follows an event's code in a tick block. Exp-Golomb codes: the most frequent kinds get
 * the shortest (a keep-alive is one bit, a changed input and the end of a block three).
 */
export const EventKind = {
  /**
   * An input the server applied at this tick that is exactly what was predicted from the slot's
   * previous one (a keep-alive: same buttons, seq + 1): the code and the slot gap, nothing else.
   */
  KeepAlive: 0,
  /** An input the server applied at this tick to one slot, with the fields that changed. */
  Input: 1,
  /** No more events at this tick. */
  EndBlock: 2,
  /** The round-trip time the server measured for a slot, ms. */
  Rtt: 3,
  /** A slot delivered pizzas during the tick before (a check the replay must reproduce). */
  Delivery: 4,
  Join: 5,
  /** The player's connection dropped; the scooter waits for a resume. */
  Drop: 6,
  Resume: 7,
  /** The slot was freed: left, removed by the teacher, or out of grace. */
  Leave: 8,
  /** The whole world (periodic for seeking, at the start, after a restore, at the end). */
  Keyframe: 9,
  /** A teacher action, for the timeline (its effects on the world are events of their own). */
  Teacher: 10,
  /** The recording ends here. */
  End: 11,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
export const EVENT_KIND_MAX = EventKind.End;

export const KeyframeReason = {
  /** The round's first tick. */
  Start: 0,
  /** Every few seconds, so a viewer can seek without replaying from the start. */
  Periodic: 1,
  /**
   * The room was restored from its saved state (a restart, or another node took it over after
   * its owner died): the world continues from here, as the new owner has it.
   */
  Restored: 2,
  /** The world as the round ended. */
  Final: 3,
} as const;
export type KeyframeReason = (typeof KeyframeReason)[keyof typeof KeyframeReason];
export const KEYFRAME_REASON_MAX = KeyframeReason.Final;

export const EndReason = {
  /** The round's time ran out. */
  TimeUp: 0,
  TeacherEnded: 1,
  /** A new round started while this one was running. */
  Restarted: 2,
  /** The room closed (everyone had left). */
  RoomClosed: 3,
  /** The recording reached its size limit; the round went on unrecorded. */
  TooLarge: 4,
} as const;
export type EndReason = (typeof EndReason)[keyof typeof EndReason];
export const END_REASON_MAX = EndReason.TooLarge;

/** Teacher actions on the timeline, by name (as the classroom API names them). */
export const TEACHER_MARKS = ['other', 'start', 'end', 'lock', 'unlock', 'kick', 'bots', 'conditions'] as const;
export type TeacherMarkName = (typeof TEACHER_MARKS)[number];

/** The teacher's network conditions on one player or the room, as the marker carries them. */
export interface MarkConditions {
  latencyMs: number;
  jitterMs: number;
  lossPct: number;
}

/**
 * Bounds a reader enforces on untrusted bytes (and the recorder on itself): nothing in a
 * recording can make a reader allocate or loop beyond these.
 */
export const RECORDING_LIMITS = {
  /** A whole recording file. */
  maxFileBytes: 32 * 1024 * 1024,
  /** One chunk (a second or so of play; a keyframe of a full room is a few KB). */
  maxChunkBytes: 1024 * 1024,
  maxChunks: 200_000,
  /** Events of all kinds in one recording (an hour of 200 players sending 10 inputs a second is 7.2 M). */
  maxEvents: 8_000_000,
  maxPlayers: 200,
  maxHouses: 4096,
  /** UTF-8 bytes of a player name (names are at most 16 letters) and of a room code. */
  maxNameBytes: 64,
  maxCodeBytes: 16,
  maxTickRateHz: 240,
  /** Ticks a recording may span (a day at 240 Hz). */
  maxTick: 240 * 86_400 * 30,
  maxRttMs: 600_000,
  /** Seconds one recording may span (rounds are at most an hour): bounds a replay's work. */
  maxSpanSeconds: 2 * 3600,
} as const;

/** Why a recording did not decode (typed results, never a throw on untrusted bytes). */
export const ReplayError = {
  /** Not a recording: the first bytes are not RECORDING_MAGIC. */
  REPLAY_BAD_MAGIC: 'REPLAY_BAD_MAGIC',
  /** A recording of another format version. */
  REPLAY_VERSION: 'REPLAY_VERSION',
  /** The bytes end before the recording does. */
  REPLAY_TRUNCATED: 'REPLAY_TRUNCATED',
  /** A value, code or count outside its range (including a recording with no header). */
  REPLAY_OUT_OF_RANGE: 'REPLAY_OUT_OF_RANGE',
  /** Longer than RECORDING_LIMITS allow. */
  REPLAY_TOO_LARGE: 'REPLAY_TOO_LARGE',
} as const;
export type ReplayError = (typeof ReplayError)[keyof typeof ReplayError];

export type ReplayResult<T> = { ok: true; value: T } | { ok: false; code: ReplayError; message: string };
