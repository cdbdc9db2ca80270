import type { RoomDirectory } from '../cluster/room-directory';
import type { Logger } from '../logger';

interface Entry {
  owner: Promise<string | null>;
  expiresAtMs: number;
}

/**
 * RoomDirectory.ownerOf with a short cache: a class of 30 joining one room costs one Redis
 * read, not 30 (plus one per polling request). Concurrent lookups share one read. A stale
 * owner for up to `ttlMs` is harmless: the node a join lands on relays to the real owner.
 */
export class RoomOwnerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly directory: RoomDirectory,
    private readonly log: Logger,
    /** @default 1000 */
    private readonly ttlMs = 1000,
    /** @default 10000 */
    private readonly maxEntries = 10_000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  ownerOf(code: string): Promise<string | null> {
    const now = this.nowMs();
    const cached = this.entries.get(code);
    if (cached !== undefined && cached.expiresAtMs > now) return cached.owner;
    if (this.entries.size >= this.maxEntries) this.prune(now);
    const owner = this.directory.ownerOf(code).catch((error: unknown) => {
      this.log.warn({ room: code, err: error instanceof Error ? error.message : String(error) }, 'room directory lookup failed');
      return null;
    });
    this.entries.set(code, { owner, expiresAtMs: now + this.ttlMs });
    return owner;
  }

  private prune(now: number): void {
    for (const [code, entry] of this.entries) if (entry.expiresAtMs <= now) this.entries.delete(code);
    // Still full of live entries (a flood of made-up codes): start over rather than grow.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
