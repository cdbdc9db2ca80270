import { INPUT_BYTES } from '../shared/protocol/input-codec';
import { MsgCode } from '../shared/protocol/msg-code';

/**
 * The floor's messages (bench only, not the game protocol): as many and as large as
 * Roundtrip's, so the floor server costs what the platform costs for the same traffic.
 *
 *   client -> server  input     INPUT_BYTES: MsgCode.Input, seq u32 LE, zeros
 *                     ping      Roundtrip's ping (MsgCode.Ping + clock), answered as a pong
 *   server -> client  welcome   one text frame: {"slot":S,"tickRateHz":30}
 *                     snapshot  MsgCode.Snapshot, tick u32 LE, then one byte per slot: the
 *                               low byte of the last input seq read from that slot (what
 *                               Roundtrip's ackSeq is for the echo), zeros up to the size
 *                               Roundtrip sends for that room (bench/snapshot-size.ts)
 *                     ping      the server's own RTT probe once a second, answered as a pong
 */
export const FLOOR_PATH = '/floor';
export const FLOOR_INPUT_BYTES = INPUT_BYTES;
export const FLOOR_SNAPSHOT_HEADER_BYTES = 5;
export const FloorCode = { Snapshot: MsgCode.Snapshot, Input: MsgCode.Input, Ping: MsgCode.Ping, Pong: MsgCode.Pong } as const;

export interface FloorWelcome {
  slot: number;
  tickRateHz: number;
}

/** Bytes of a floor snapshot: Roundtrip's size, or the header and ack bytes when that is more. */
export function floorSnapshotBytes(roundtripBytes: number, playersPerRoom: number): number {
  return Math.max(Math.round(roundtripBytes), FLOOR_SNAPSHOT_HEADER_BYTES + playersPerRoom);
}

export function parseFloorWelcome(text: string): FloorWelcome | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { slot, tickRateHz } = parsed as Record<string, unknown>;
  if (typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0) return null;
  if (typeof tickRateHz !== 'number' || !(tickRateHz > 0)) return null;
  return { slot, tickRateHz };
}
