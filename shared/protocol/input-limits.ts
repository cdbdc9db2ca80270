/**
 * How far from the server's current tick an input's stamp may be (issue 11 §3), known to both
 * ends: the server refuses stamps outside the window (PROTO_TICK_FUTURE / PROTO_TICK_PAST), and
 * the client caps its margin well inside the lead, so an honest client is not refused, even on
 * the teacher's worst network preset (issue #12: 'Awful' stamped past the lead, each refusal a
 * strike, and the student was cut off). A late input is applied at once and costs no buffer,
 * so the past window only has to cover a stall TCP later delivers in a burst.
 */
export const INPUT_MAX_LEAD_MS = 2000;
export const INPUT_MAX_LATE_MS = 5000;
/**
 * The most margin a client keeps on top of its RTT. A stamp arrives ahead of the server's tick
 * by the margin plus how much the client's RTT estimate exceeds this message's real trip: on a
 * lossy link (head-of-line stalls make RTT samples swing by a second or more) the rest of the
 * lead is slack for that error.
 */
export const CLIENT_MAX_MARGIN_MS = 500;
