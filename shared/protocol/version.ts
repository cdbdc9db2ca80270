/**
 * Wire protocol version. Bumped on any change to a binary layout or a control message shape;
 * the client sends it in `join.v` and the server refuses a mismatch with VERSION_MISMATCH
 * (see PROTOCOL.md, "Versioning").
 */
export const PROTOCOL_VERSION = 3;
