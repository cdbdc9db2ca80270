/**
 * Bump allocator of typed-array views over one ArrayBuffer. A room's per-slot arrays made from
 * one arena sit side by side in memory instead of in scattered malloc'd backing stores, so a
 * tick that walks them (after other rooms and socket work evicted the caches) pays for a few
 * contiguous cache lines, not one miss per array (issue #3). Views behave like any typed array;
 * code that reads `.buffer` must honour byteOffset/byteLength.
 */
export class Arena {
  private readonly buffer: ArrayBuffer;
  private offset = 0;

  /** bytes: the sum of every view's size, each 4-byte view placed before any 1-byte view. */
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }

  /** Byte size of an arena for this many 4-byte and 1-byte elements. */
  static bytesFor(wordElements: number, byteElements: number): number {
    return wordElements * 4 + byteElements;
  }

  int32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(length * 4, 4), length);
  }

  uint32(length: number): Uint32Array {
    return new Uint32Array(this.buffer, this.take(length * 4, 4), length);
  }

  uint16(length: number): Uint16Array {
    return new Uint16Array(this.buffer, this.take(length * 2, 2), length);
  }

  uint8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length, 1), length);
  }

  /** The whole buffer as bytes: copying a struct of arrays cut from one arena is one set(). */
  allBytes(): Uint8Array {
    return new Uint8Array(this.buffer);
  }

  private take(bytes: number, align: number): number {
    if (this.offset % align !== 0) throw new RangeError(`arena: ${align}-byte view after a misaligned one`);
    const at = this.offset;
    if (at + bytes > this.buffer.byteLength) throw new RangeError('arena: out of space');
    this.offset = at + bytes;
    return at;
  }
}
