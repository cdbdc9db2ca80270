import { ErrorCode } from '../../shared/protocol/error-code';
import { INPUT_MAX_LATE_MS, INPUT_MAX_LEAD_MS } from '../../shared/protocol/input-limits';

/** What the client is told when Room.acceptInput refuses an input. */
export function inputRefusalMessage(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.PROTO_SEQ_NOT_FORWARD:
      return 'Input sequence numbers must only move forward.';
    case ErrorCode.PROTO_TICK_NOT_FORWARD:
      return 'At most one input per tick, stamped in tick order.';
    case ErrorCode.PROTO_TICK_FUTURE:
      return `Input stamped more than ${INPUT_MAX_LEAD_MS} ms ahead of the server's tick.`;
    case ErrorCode.PROTO_TICK_PAST:
      return `Input stamped more than ${INPUT_MAX_LATE_MS} ms behind the server's tick.`;
    case ErrorCode.NOT_IN_ROOM:
      return 'Join a room before sending inputs.';
    default:
      return 'Input refused.';
  }
}
