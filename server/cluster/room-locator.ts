/**
 * Where a room lives, as far as this node can tell: here, on a live owner elsewhere, or
 * nowhere (after trying to take it over when its owner is gone); where a resume token's room
 * lives; and fresh room codes no node in the cluster uses, claimed for this node.
 */
import type { NodeConfig } from '../config';
import type { Room } from '../rooms/room';
import { generateRoomCode } from '../rooms/room-code';
import type { RoomManager } from '../rooms/room-manager';
import { sessionIdOf } from '../security/session-id';
import type { SeatRegistry } from '../seats/seat-registry';
import type { ClusterDuties } from './cluster-duties';
import type { ClusterServices } from './cluster-services';
import { parseHolder, type NodeIdentity } from './node-identity';
import type { RoomTakeover } from './room-takeover';

/** Random codes tried before giving up: one taken is rare, this many in a row means trouble. */
const MAX_CODE_ATTEMPTS = 20;

/** Where a room lives, as far as this node can tell. */
export type RoomLocation = { kind: 'local'; room: Room } | { kind: 'remote'; owner: string } | { kind: 'missing' };

export interface RoomLocatorDeps {
  identity: NodeIdentity;
  services: ClusterServices;
  rooms: RoomManager;
  seats: SeatRegistry;
  config: NodeConfig;
  takeover: RoomTakeover;
  duties: ClusterDuties;
}

export class RoomLocator {
  constructor(private readonly deps: RoomLocatorDeps) {}

  private get nodeId(): string {
    return this.deps.identity.nodeId;
  }

  /** A fresh code no node in the cluster uses, with this node as the owner. */
  async allocateRoomCode(): Promise<string> {
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      const code = generateRoomCode();
      if (this.deps.rooms.get(code) !== undefined) continue;
      if (await this.deps.services.directory.claim(code, this.deps.takeover.holder, this.deps.config.leaseTtlMs)) return code;
    }
    throw new Error('Could not allocate a free room code');
  }

  async locate(code: string): Promise<RoomLocation> {
    const local = this.deps.rooms.get(code);
    if (local !== undefined) return { kind: 'local', room: local };
    if (!this.deps.services.enabled) return { kind: 'missing' };
    const directory = this.deps.services.directory;
    const holder = await directory.holderOf(code);
    let stale: string | null = null;
    if (holder !== null) {
      // A live owner elsewhere; or a lease left by a dead process, taken over here at once.
      if (!(await this.deps.duties.isStale(holder))) return { kind: 'remote', owner: parseHolder(holder).nodeId };
      stale = holder;
    }
    const taken = await this.deps.takeover.takeOver(code, stale);
    if (taken !== null) return { kind: 'local', room: taken };
    // Another node claimed it first (several race for a room a drained or dead node left):
    // it lives there now. Missing only when nobody could restore it.
    const winner = await directory.holderOf(code);
    if (winner !== null && winner !== stale && parseHolder(winner).nodeId !== this.nodeId) return { kind: 'remote', owner: parseHolder(winner).nodeId };
    return { kind: 'missing' };
  }

  /** Where the room of a resume token lives: this node's seats first, then the cluster's store. */
  async locateToken(token: string): Promise<RoomLocation & { code?: string }> {
    const seat = this.deps.seats.byResumeToken(token);
    if (seat !== undefined && seat.owner === this.nodeId) {
      const room = this.deps.rooms.get(seat.code);
      if (room !== undefined) return { kind: 'local', room, code: seat.code };
    }
    if (!this.deps.services.enabled) return { kind: 'missing' };
    const session = await this.deps.services.sessions.get(sessionIdOf(token));
    if (session === null) return { kind: 'missing' };
    return { ...(await this.locate(session.code)), code: session.code };
  }
}
