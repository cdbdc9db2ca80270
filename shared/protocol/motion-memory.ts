import { Arena } from '../sim/arena';

/**
 * Per-slot "previous delta" of each predicted field, kept identically by the encoder and the
 * decoder. A snapshot sends only the second difference (delta - previous delta), so a scooter
 * cruising at steady speed and turn rate, acking one input per tick, costs one bit.
 * dheading is wrapped into [-2048, 2048); dseq is the uint32 ackSeq step as an int32.
 */
export interface MotionMemory {
  readonly dpx: Int32Array;
  readonly dpy: Int32Array;
  readonly dheading: Int32Array;
  readonly dspeed: Int32Array;
  readonly dseq: Int32Array;
}

/** arena: where the five arrays go (5 * 4 * maxPlayers bytes); fresh buffers when omitted. */
export function createMotionMemory(maxPlayers: number, arena = new Arena(Arena.bytesFor(5 * maxPlayers, 0))): MotionMemory {
  return {
    dpx: arena.int32(maxPlayers),
    dpy: arena.int32(maxPlayers),
    dheading: arena.int32(maxPlayers),
    dspeed: arena.int32(maxPlayers),
    dseq: arena.int32(maxPlayers),
  };
}

export function copyMotionMemory(from: MotionMemory, to: MotionMemory): void {
  to.dpx.set(from.dpx);
  to.dpy.set(from.dpy);
  to.dheading.set(from.dheading);
  to.dspeed.set(from.dspeed);
  to.dseq.set(from.dseq);
}

export function clearMotionMemory(mem: MotionMemory): void {
  mem.dpx.fill(0);
  mem.dpy.fill(0);
  mem.dheading.fill(0);
  mem.dspeed.fill(0);
  mem.dseq.fill(0);
}

export function clearMotionSlot(mem: MotionMemory, slot: number): void {
  mem.dpx[slot] = 0;
  mem.dpy[slot] = 0;
  mem.dheading[slot] = 0;
  mem.dspeed[slot] = 0;
  mem.dseq[slot] = 0;
}
