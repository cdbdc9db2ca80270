import type { BitReader } from './bit-reader';
import type { BitWriter } from './bit-writer';
import { ErrorCode } from './error-code';
import { isInt32 } from './int-bits';
import type { ReplicaState } from './replica-state';

/**
 * The orders part of Snapshot and Keyframe (PROTOCOL.md §3.5 ORDER ENTRY): house index, open
 * bit, expire and placed ticks relative to the message's tick.
 */

/** Order entry of house h from `b`, times relative to b.tick. */
export function writeOrderEntry(w: BitWriter, houseBits: number, b: ReplicaState, h: number): void {
  w.writeBits(h, houseBits);
  const expire = b.orderExpireTick[h];
  if (expire !== 0) {
    w.writeBit(1);
    w.writeSigned(expire - b.tick);
  } else {
    w.writeBit(0);
  }
  w.writeSigned(b.tick - b.orderPlacedTick[h]);
}

/**
 * A delta's orders: a 0 bit when none changed, else 1, the count and the changed entries.
 * `b` (the baseline, already at the world's tick) takes the world's values.
 */
export function writeChangedOrders(w: BitWriter, houseBits: number, world: Pick<ReplicaState, 'orderExpireTick' | 'orderPlacedTick'>, b: ReplicaState): void {
  const expire = world.orderExpireTick;
  const placed = world.orderPlacedTick;
  const bExpire = b.orderExpireTick;
  const bPlaced = b.orderPlacedTick;
  const houses = bExpire.length;
  let changed = 0;
  for (let h = 0; h < houses; h++) {
    if (expire[h] !== bExpire[h] || placed[h] !== bPlaced[h]) changed++;
  }
  if (changed === 0) {
    w.writeBit(0);
    return;
  }
  w.writeBit(1);
  w.writeVarUint(changed);
  for (let h = 0; h < houses; h++) {
    if (expire[h] !== bExpire[h] || placed[h] !== bPlaced[h]) {
      bExpire[h] = expire[h];
      bPlaced[h] = placed[h];
      writeOrderEntry(w, houseBits, b, h);
    }
  }
}

/** `count` entries with strictly increasing house index into `n`, times relative to n.tick. */
export function readOrderEntries(r: BitReader, houseBits: number, n: ReplicaState, count: number): ErrorCode | null {
  let last = -1;
  for (let i = 0; i < count; i++) {
    const h = r.readBits(houseBits);
    const open = r.readBit();
    const expire = open === 1 ? n.tick + r.readSigned() : 0;
    const placed = n.tick - r.readSigned();
    if (r.failed) return r.overrun ? ErrorCode.PROTO_TRUNCATED : ErrorCode.PROTO_OUT_OF_RANGE;
    if (h <= last || h >= n.houseCount) return ErrorCode.PROTO_OUT_OF_RANGE;
    if (!isInt32(expire) || (open === 1 && expire === 0) || !isInt32(placed)) return ErrorCode.PROTO_OUT_OF_RANGE;
    last = h;
    n.orderExpireTick[h] = expire;
    n.orderPlacedTick[h] = placed;
  }
  return null;
}
