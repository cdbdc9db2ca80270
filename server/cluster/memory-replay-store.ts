import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { FinishedRecording } from '../rooms/recording-shapes';
import { readOwnFileSync, writePrivateFile } from '../security/private-file';
import { evictions, finishedInfo, type KeptEntry, type ReplayLimits, type ReplayStore, type RoundInfo, type StoredReplay } from './replay-store';

interface Entry {
  info: RoundInfo;
  file: Uint8Array | null;
}

/** What one persisted recording file holds. */
interface PersistedReplay {
  code: string;
  info: RoundInfo;
  file: string;
}

const CODE = /^[A-Z0-9]{1,16}$/;

/**
 * One node's recordings, in memory (the default). With a folder, each finished recording is
 * also written there once (private, whole or not at all) and read back at start, so the
 * recordings outlive a restart as the saved rooms do; the running round travels in the room's
 * saved state instead (the recorder keeps it whole: this store is not `durable`).
 */
export class MemoryReplayStore implements ReplayStore {
  readonly durable = false;
  private readonly rooms = new Map<string, Map<number, Entry>>();

  constructor(
    private readonly limits: ReplayLimits,
    private readonly folder: string | null = null,
    private readonly nowEpochMs: () => number = Date.now,
  ) {}

  /** Reads the folder's recordings (a start after a restart); returns how many were kept. */
  loadPersisted(log?: { warn(details: object, message: string): void }): number {
    if (this.folder === null) return 0;
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    let loaded = 0;
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith('.replay.json')) continue;
      const file = path.join(this.folder, name);
      const read = readOwnFileSync(file, { privateOnly: true });
      if (!read.ok) {
        log?.warn({ file, reason: read.reason }, 'not loading a recording this user does not control');
        continue;
      }
      try {
        const saved = JSON.parse(read.text) as PersistedReplay;
        if (!CODE.test(saved.code) || typeof saved.info?.round !== 'number' || typeof saved.file !== 'string') throw new Error('not a saved recording');
        this.roomOf(saved.code).set(saved.info.round, { info: saved.info, file: new Uint8Array(Buffer.from(saved.file, 'base64')) });
        loaded++;
      } catch (error) {
        log?.warn({ file, err: error instanceof Error ? error.message : String(error) }, 'a saved recording did not load; removed it');
        rmSync(file, { force: true });
      }
    }
    void this.evict();
    return loaded;
  }

  async forgetRoom(code: string): Promise<void> {
    const rounds = this.rooms.get(code);
    if (rounds === undefined) return;
    this.rooms.delete(code);
    for (const round of rounds.keys()) await this.unpersist(code, round);
  }

  async begin(code: string, round: number, startedAtEpochMs: number): Promise<void> {
    this.roomOf(code).set(round, { info: { round, status: 'running', startedAtEpochMs }, file: null });
  }

  async putChunks(): Promise<void> {
    // Not durable: the recorder keeps the running round and hands it over whole at the end.
  }

  async finish(code: string, finished: FinishedRecording): Promise<RoundInfo> {
    if (finished.firstChunk !== 0) {
      // Chunks this store never had (cannot happen without a durable store): nothing to serve.
      const info: RoundInfo = { round: finished.round, status: 'lost', startedAtEpochMs: finished.startedAtEpochMs, endedAtEpochMs: finished.endedAtEpochMs };
      this.roomOf(code).set(finished.round, { info, file: null });
      return info;
    }
    const { info, file } = finishedInfo(finished, finished.chunks);
    this.roomOf(code).set(finished.round, { info, file });
    if (this.folder !== null) {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const saved: PersistedReplay = { code, info, file: Buffer.from(file).toString('base64') };
      await writePrivateFile(this.fileOf(code, finished.round), JSON.stringify(saved));
    }
    await this.evict();
    return info;
  }

  async abandon(code: string, round: number): Promise<void> {
    this.rooms.get(code)?.delete(round);
  }

  async list(code: string): Promise<RoundInfo[]> {
    const rounds = this.rooms.get(code);
    return rounds === undefined ? [] : [...rounds.values()].map((e) => e.info).sort((a, b) => a.round - b.round);
  }

  async load(code: string, round: number): Promise<StoredReplay | null> {
    const entry = this.rooms.get(code)?.get(round);
    return entry === undefined ? null : { info: entry.info, bytes: entry.file };
  }

  /** Bytes of every finished recording held. */
  get totalBytes(): number {
    let total = 0;
    for (const rounds of this.rooms.values()) for (const e of rounds.values()) total += e.file?.length ?? 0;
    return total;
  }

  private async evict(): Promise<void> {
    const kept: KeptEntry[] = [];
    for (const [code, rounds] of this.rooms) {
      for (const e of rounds.values()) {
        if (e.info.status !== 'running') kept.push({ code, round: e.info.round, bytes: e.file?.length ?? 0, endedAtEpochMs: e.info.endedAtEpochMs ?? 0 });
      }
    }
    for (const gone of evictions(kept, this.limits, this.nowEpochMs())) {
      const rounds = this.rooms.get(gone.code);
      rounds?.delete(gone.round);
      if (rounds?.size === 0) this.rooms.delete(gone.code);
      await this.unpersist(gone.code, gone.round);
    }
  }

  private async unpersist(code: string, round: number): Promise<void> {
    if (this.folder !== null) await rm(this.fileOf(code, round), { force: true });
  }

  private roomOf(code: string): Map<number, Entry> {
    let rounds = this.rooms.get(code);
    if (rounds === undefined) this.rooms.set(code, (rounds = new Map()));
    return rounds;
  }

  private fileOf(code: string, round: number): string {
    return path.join(this.folder!, `${code}-${round}.replay.json`);
  }
}
