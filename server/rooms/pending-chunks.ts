/**
 * The running round's recording chunks that no durable store holds yet, oldest first, with
 * their base64 (made once, when a room snapshot first needs it, and kept for the next save:
 * rooms are saved every second and the chunks only grow at the end).
 */
export class PendingChunks {
  /** Chunks of the running round already stored (a durable store confirmed them). */
  stored = 0;
  private readonly bytes: Uint8Array[] = [];
  private readonly base64: (string | null)[] = [];

  get list(): readonly Uint8Array[] {
    return this.bytes;
  }

  get length(): number {
    return this.bytes.length;
  }

  push(chunk: Uint8Array): void {
    this.bytes.push(chunk);
    this.base64.push(null);
  }

  /** A chunk from a room snapshot (another process's recording of this round). */
  pushBase64(chunk: string): void {
    this.bytes.push(new Uint8Array(Buffer.from(chunk, 'base64')));
    this.base64.push(chunk);
  }

  /** The first `count` chunks are stored now. */
  drop(count: number): void {
    this.stored += count;
    this.bytes.splice(0, count);
    this.base64.splice(0, count);
  }

  /** Every chunk, taken out (the round finished). */
  takeAll(): Uint8Array[] {
    this.base64.length = 0;
    return this.bytes.splice(0);
  }

  /** A new round: nothing pending, nothing stored yet. */
  clear(): void {
    this.stored = 0;
    this.bytes.length = 0;
    this.base64.length = 0;
  }

  /** Every chunk as base64, for a room snapshot. */
  asBase64(): string[] {
    for (let i = 0; i < this.bytes.length; i++) this.base64[i] ??= Buffer.from(this.bytes[i]).toString('base64');
    return (this.base64 as string[]).slice();
  }
}
