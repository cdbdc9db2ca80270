/**
 * Stable string codes for everything the protocol rejects. They travel in `error` control
 * messages and label server counters, so a code is never renamed, only added.
 */
export const ErrorCode = {
  /** A binary message with no bytes. */
  PROTO_EMPTY: 'PROTO_EMPTY',
  /** First byte is not a MsgCode this receiver accepts. */
  PROTO_UNKNOWN_CODE: 'PROTO_UNKNOWN_CODE',
  /** The message ends before its content does. */
  PROTO_TRUNCATED: 'PROTO_TRUNCATED',
  /** Longer than its layout or than the receiver's size limit. */
  PROTO_OVERSIZED: 'PROTO_OVERSIZED',
  /** A field or count outside its allowed range (including malformed variable-length codes). */
  PROTO_OUT_OF_RANGE: 'PROTO_OUT_OF_RANGE',
  /**
   * An input's point-to-steer value is malformed (a heading without a throttle) or comes
   * together with buttons: one input steers one way (protocol version 3, steering.ts).
   */
  PROTO_BAD_STEER: 'PROTO_BAD_STEER',
  /** An input whose seq does not move forward (checked by the server, not the codec). */
  PROTO_SEQ_NOT_FORWARD: 'PROTO_SEQ_NOT_FORWARD',
  /**
   * An input stamped for the same or an earlier tick than that player's previous input: a
   * client sends at most one input per tick, in tick order (checked by the server).
   */
  PROTO_TICK_NOT_FORWARD: 'PROTO_TICK_NOT_FORWARD',
  /** An input stamped further in the past than the server accepts (INPUT_MAX_LATE_MS). */
  PROTO_TICK_PAST: 'PROTO_TICK_PAST',
  /** An input stamped further ahead than the server buffers (INPUT_MAX_LEAD_MS). */
  PROTO_TICK_FUTURE: 'PROTO_TICK_FUTURE',
  /** A delta snapshot arrived before any keyframe. */
  PROTO_NO_KEYFRAME: 'PROTO_NO_KEYFRAME',
  RATE_LIMITED: 'RATE_LIMITED',
  VERSION_MISMATCH: 'VERSION_MISMATCH',
  /** The client's handshake does not announce the server's wire format (a stock socket.io client). */
  WIRE_FORMAT_MISMATCH: 'WIRE_FORMAT_MISMATCH',
  ROOM_NOT_FOUND: 'ROOM_NOT_FOUND',
  ROOM_FULL: 'ROOM_FULL',
  ROOM_LOCKED: 'ROOM_LOCKED',
  BAD_REQUEST: 'BAD_REQUEST',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  NOT_IN_ROOM: 'NOT_IN_ROOM',
  /** The room's server did not answer (it may be failing over to another node): retry shortly. */
  TRY_AGAIN: 'TRY_AGAIN',
  /** The teacher removed this player from the room. */
  KICKED: 'KICKED',
  /** Someone in the room already has this exact name (issue #13): choose another. */
  NAME_TAKEN: 'NAME_TAKEN',
  /** A watch (spectator) request without the room's teacher token (issue 14). */
  WATCH_REFUSED: 'WATCH_REFUSED',
  /** A watch request to a node that does not own the room (spectators watch on its owner). */
  ROOM_ELSEWHERE: 'ROOM_ELSEWHERE',
  /** A join from a device the teacher removed from this room, until the teacher lets it back in. */
  REMOVED: 'REMOVED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Result of decoding untrusted bytes; `throw` is kept for our own bugs. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };
