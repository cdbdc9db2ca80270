/**
 * First byte of every binary message. 0 is left unused so an all-zero buffer (a classic bug:
 * sending a freshly allocated, never-written array) is rejected as PROTO_UNKNOWN_CODE.
 */
export const MsgCode = {
  /** Server -> room: delta against the previous snapshot. */
  Snapshot: 1,
  /** Server -> room or joiner: full state. */
  Keyframe: 2,
  /** Client -> server: input sequence number, tick and control (buttons or a steer target). */
  Input: 3,
  /** Client -> server: RTT probe carrying the client's clock. */
  Ping: 4,
  /** Server -> client: the Ping's clock echoed back. */
  Pong: 5,
} as const;
export type MsgCode = (typeof MsgCode)[keyof typeof MsgCode];
