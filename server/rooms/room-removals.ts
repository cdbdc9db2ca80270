/**
 * Who the teacher removed from a room, so a removed student stays out until the teacher lets
 * them back in (issue 12, "Console states"). A student is known by the random id their browser
 * keeps (JoinRequest.device): a classroom norm, not security, since clearing the browser's
 * storage makes a new id (docs/teachers.md says so). Travels with the room's snapshot, so the
 * list survives a restart and a takeover.
 */

/** Oldest entries give way past this: a room's memory stays bounded whatever happens. */
export const MAX_REMOVED_PER_ROOM = 256;

/** One removed device, as the console lists it (the device id itself never leaves the server). */
export interface RemovedPlayer {
  /** Stable within the room: what "Let back in" names. */
  id: number;
  name: string;
  removedAtEpochMs: number;
}

/** The list as saved in a room snapshot. */
export interface RoomRemovalsState {
  /** The device of each slot ('' when none, or a client that sent none). */
  devices: string[];
  removed: (RemovedPlayer & { device: string })[];
  nextId: number;
}

export class RoomRemovals {
  private readonly devices: string[];
  private removed: (RemovedPlayer & { device: string })[] = [];
  private nextId = 1;

  constructor(private readonly capacity: number) {
    this.devices = new Array<string>(capacity).fill('');
  }

  /** Whether joins from this device are refused (none given: never). */
  isRemoved(device: string | undefined): boolean {
    return device !== undefined && device !== '' && this.removed.some((r) => r.device === device);
  }

  /** A player took the slot from this device. */
  seat(slot: number, device: string | undefined): void {
    this.devices[slot] = device ?? '';
  }

  /** The slot was freed (left, expired, removed). */
  vacate(slot: number): void {
    this.devices[slot] = '';
  }

  /**
   * The teacher removes the player in `slot`: their device is remembered. Returns the entry,
   * or null when the client sent no device id (a bot, an old client): nothing to keep out.
   */
  remove(slot: number, name: string, nowEpochMs: number): RemovedPlayer | null {
    const device = this.devices[slot] ?? '';
    if (device === '') return null;
    const existing = this.removed.find((r) => r.device === device);
    if (existing !== undefined) return publicEntry(existing);
    const entry = { id: this.nextId++, name, removedAtEpochMs: nowEpochMs, device };
    this.removed.push(entry);
    if (this.removed.length > MAX_REMOVED_PER_ROOM) this.removed.shift();
    return publicEntry(entry);
  }

  /** "Let back in": false when there is no such entry (already let back, or never removed). */
  readmit(id: number): boolean {
    const before = this.removed.length;
    this.removed = this.removed.filter((r) => r.id !== id);
    return this.removed.length < before;
  }

  list(): RemovedPlayer[] {
    return this.removed.map(publicEntry);
  }

  save(): RoomRemovalsState {
    return { devices: [...this.devices], removed: this.removed.map((r) => ({ ...r })), nextId: this.nextId };
  }

  /** Takes a saved list back (our own data from Redis or the state file; throws if it does not fit). */
  load(state: RoomRemovalsState): void {
    if (!Array.isArray(state.devices) || state.devices.length !== this.capacity || !state.devices.every((d) => typeof d === 'string')) {
      throw new Error('Room snapshot: removal devices do not match the room');
    }
    if (!Array.isArray(state.removed) || !Number.isInteger(state.nextId)) throw new Error('Room snapshot: bad removal list');
    for (const r of state.removed) {
      if (typeof r.device !== 'string' || typeof r.name !== 'string' || !Number.isInteger(r.id) || typeof r.removedAtEpochMs !== 'number') {
        throw new Error('Room snapshot: bad removal entry');
      }
    }
    this.devices.splice(0, this.capacity, ...state.devices);
    this.removed = state.removed.slice(-MAX_REMOVED_PER_ROOM).map((r) => ({ id: r.id, name: r.name, removedAtEpochMs: r.removedAtEpochMs, device: r.device }));
    this.nextId = state.nextId;
  }
}

function publicEntry(r: RemovedPlayer): RemovedPlayer {
  return { id: r.id, name: r.name, removedAtEpochMs: r.removedAtEpochMs };
}
