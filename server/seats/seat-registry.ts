import { randomBytes } from 'node:crypto';
import { ControlEvent, type Conditions, type NetworkConditionsMessage } from '../../shared/protocol/control-messages';
import { sessionIdOf } from '../security/session-id';
import { ImpairedLink } from './impaired-link';
import { Seat } from './seat';
import type { PlayerLink } from './player-link';
import { isClear } from './tcp-delay-model';

const NO_SEATS: readonly (Seat | null)[] = [];
const NO_LINKS: readonly PlayerLink[] = [];

/**
 * Every seat this node knows, the one owner of the concept (issue #11): seats in rooms this
 * node owns (its own players, and players whose socket is on another node), and "mirrors" of
 * seats in rooms other nodes own that this node's sockets carry. Indexed by session id (the hash
 * of the resume token) and
 * by room slot. Nothing here touches a socket or the simulation: rooms hold the world, links
 * hold the transport, and a seat ties a slot to both.
 */
export class SeatRegistry {
  private readonly bySession = new Map<string, Seat>();
  private readonly byRoom = new Map<string, (Seat | null)[]>();
  /** Conditions a teacher put on everyone in a room (a player's own conditions win). */
  private readonly roomConditions = new Map<string, Conditions>();
  /**
   * Connections watching a room this node owns without a seat (the projector, issue 14): they
   * take the room's broadcast and its control messages, and hold no slot.
   */
  private readonly spectators = new Map<string, PlayerLink[]>();

  constructor(
    readonly nodeId: string,
    private readonly nowMs: () => number,
  ) {}

  /** A new seat in a room this node owns: a join here (`via` = this node) or relayed by `via`. */
  open(code: string, slot: number, via: string, link: PlayerLink | null): Seat {
    const seat = new Seat(code, slot, randomBytes(18).toString('base64url'), this.nodeId, via);
    this.put(seat);
    this.setLink(seat, link);
    return seat;
  }

  /** This node's socket sits in a room another node owns, in the seat that owner made. */
  mirror(code: string, slot: number, token: string, owner: string, link: PlayerLink): Seat {
    const existing = this.byResumeToken(token);
    if (existing !== undefined && existing.code === code && existing.slot === slot) {
      existing.owner = owner;
      existing.via = this.nodeId;
      this.setLink(existing, link);
      return existing;
    }
    if (existing !== undefined) this.free(existing);
    const seat = new Seat(code, slot, token, owner, this.nodeId);
    this.put(seat);
    this.setLink(seat, link);
    return seat;
  }

  /**
   * A seat of a room this node just restored (a restart, or a takeover of a dead owner's room).
   * A mirror this node already carries becomes a local seat with its link kept; any other
   * comes back with nobody connected (the player has the resume grace to come back).
   */
  restore(code: string, slot: number, sessionId: string): Seat {
    const existing = this.bySession.get(sessionId);
    if (existing !== undefined && existing.code === code && existing.slot === slot) {
      existing.owner = this.nodeId;
      if (existing.link === null) existing.via = '';
      return existing;
    }
    if (existing !== undefined) this.free(existing);
    const seat = new Seat(code, slot, '', this.nodeId, '', sessionId);
    this.put(seat);
    return seat;
  }

  /** The seat a presented resume token opens; a restored seat learns its token here. */
  byResumeToken(token: string): Seat | undefined {
    if (token.length === 0) return undefined;
    const seat = this.bySession.get(sessionIdOf(token));
    if (seat !== undefined && seat.token === '') seat.token = token;
    return seat;
  }

  at(code: string, slot: number): Seat | null {
    return this.byRoom.get(code)?.[slot] ?? null;
  }

  /** The room's seats by slot (holes are null); the broadcaster walks this every tick. */
  seatsOf(code: string): readonly (Seat | null)[] {
    return this.byRoom.get(code) ?? NO_SEATS;
  }

  /** Players of a room this node owns whose socket is on another node. */
  remoteCount(code: string): number {
    let count = 0;
    for (const seat of this.seatsOf(code)) if (seat !== null && seat.via !== '' && seat.via !== this.nodeId) count++;
    return count;
  }

  /**
   * The player is connected again (here with `link`, or through node `via` with none). Returns
   * the connection that held the seat before, if it was another one (to retire it).
   */
  attach(seat: Seat, via: string, link: PlayerLink | null): PlayerLink | null {
    const previous = seat.link === null ? null : bareLink(seat.link);
    seat.via = via;
    this.setLink(seat, link);
    return previous === link ? null : previous;
  }

  /** The connection dropped: the seat waits for a resume (its conditions stay with it). */
  detach(seat: Seat): void {
    this.setLink(seat, null);
    seat.via = '';
    seat.rttMs = Number.NaN;
  }

  /**
   * A fresh resume token for a seat this node owns, replacing the old one (whose holder, if
   * any, can no longer resume): for the server's own bots after their room was restored, since
   * saves keep no tokens.
   */
  reissue(seat: Seat): Seat {
    const fresh = new Seat(seat.code, seat.slot, randomBytes(18).toString('base64url'), seat.owner, seat.via);
    fresh.conditions = seat.conditions;
    fresh.rttMs = seat.rttMs;
    this.free(seat);
    this.put(fresh);
    this.setLink(fresh, seat.link === null ? null : bareLink(seat.link));
    return fresh;
  }

  /** Is the seat still registered (not freed by a leave, a kick, an expiry or a lost room)? */
  isCurrent(seat: Seat): boolean {
    return this.bySession.get(seat.sessionId) === seat;
  }

  /** Is this the connection currently holding the seat (wrapped or not)? */
  holds(seat: Seat, link: PlayerLink): boolean {
    return seat.link !== null && bareLink(seat.link) === link;
  }

  /** What the teacher's conditions make of this seat's connection (null: none). */
  conditionsOf(seat: Seat): Conditions | null {
    return seat.conditions ?? this.roomConditions.get(seat.code) ?? null;
  }

  roomConditionsOf(code: string): Conditions | null {
    return this.roomConditions.get(code) ?? null;
  }

  /**
   * Puts conditions on one player's connection (null or all-zero: back to the room's). They
   * stay with the seat across a resume. The player is told (the banner in their inspector).
   */
  impose(seat: Seat, conditions: Conditions | null): void {
    seat.conditions = isClear(conditions) ? null : conditions;
    this.setLink(seat, seat.link === null ? null : bareLink(seat.link));
    this.tellConditions(seat);
  }

  /** Puts conditions on everyone in one room (never on other rooms of the node, issue #13). */
  imposeOnRoom(code: string, conditions: Conditions | null): void {
    if (isClear(conditions)) this.roomConditions.delete(code);
    else this.roomConditions.set(code, conditions!);
    for (const seat of this.seatsOf(code)) {
      if (seat === null || seat.owner !== this.nodeId) continue;
      this.setLink(seat, seat.link === null ? null : bareLink(seat.link));
      this.tellConditions(seat);
    }
  }

  /** Tells the player what their connection carries now (after a welcome, and on changes). */
  tellConditions(seat: Seat): void {
    const message: NetworkConditionsMessage = { conditions: this.conditionsOf(seat) };
    if (seat.link !== null) bareLink(seat.link).sendControl(ControlEvent.Conditions, message);
  }

  /** The player left, was removed or ran out of grace: the seat and its session are gone. */
  free(seat: Seat): void {
    if (this.bySession.get(seat.sessionId) === seat) this.bySession.delete(seat.sessionId);
    const slots = this.byRoom.get(seat.code);
    if (slots !== undefined && slots[seat.slot] === seat) {
      slots[seat.slot] = null;
      if (slots.every((s) => s === null)) this.byRoom.delete(seat.code);
    }
  }

  /** Forgets a room's seats (it closed, or another node holds it now); returns them. */
  forgetRoom(code: string): Seat[] {
    const seats = this.seatsOf(code).filter((s): s is Seat => s !== null);
    for (const seat of seats) this.free(seat);
    this.roomConditions.delete(code);
    this.spectators.delete(code);
    return seats;
  }

  /** A connection watches a room without a seat. */
  watch(code: string, link: PlayerLink): void {
    let links = this.spectators.get(code);
    if (links === undefined) this.spectators.set(code, (links = []));
    if (!links.includes(link)) links.push(link);
  }

  unwatch(code: string, link: PlayerLink): void {
    const links = this.spectators.get(code);
    if (links === undefined) return;
    const at = links.indexOf(link);
    if (at >= 0) links.splice(at, 1);
    if (links.length === 0) this.spectators.delete(code);
  }

  /** The room's spectators; the broadcaster writes each snapshot to them as to its players. */
  spectatorsOf(code: string): readonly PlayerLink[] {
    return this.spectators.get(code) ?? NO_LINKS;
  }

  /** Rooms other nodes own that this node's sockets sit in, each with one of its mirrors. */
  mirroredRooms(): Map<string, Seat> {
    const rooms = new Map<string, Seat>();
    for (const [code, slots] of this.byRoom) {
      for (const seat of slots) if (seat !== null && seat.owner !== this.nodeId) rooms.set(code, seat);
    }
    return rooms;
  }

  /** Seats whose player's socket is on this node. */
  *carried(): IterableIterator<Seat> {
    for (const slots of this.byRoom.values()) for (const seat of slots) if (seat !== null && seat.link !== null) yield seat;
  }

  /** Session ids by slot ('' where nobody sits), for saving a room: never the tokens themselves. */
  sessionsOf(code: string, capacity: number): string[] {
    const sessions = new Array<string>(capacity).fill('');
    for (const seat of this.seatsOf(code)) if (seat !== null && seat.slot < capacity) sessions[seat.slot] = seat.sessionId;
    return sessions;
  }

  get size(): number {
    return this.bySession.size;
  }

  /** Sets the seat's connection, wrapped in an ImpairedLink when conditions apply. */
  private setLink(seat: Seat, link: PlayerLink | null): void {
    const current = seat.link;
    if (current instanceof ImpairedLink) current.release();
    const conditions = this.conditionsOf(seat);
    seat.link = link === null || conditions === null ? link : new ImpairedLink(link, conditions, this.nowMs);
  }

  private put(seat: Seat): void {
    const previous = this.at(seat.code, seat.slot);
    if (previous !== null && previous !== seat) this.free(previous);
    this.bySession.set(seat.sessionId, seat);
    let slots = this.byRoom.get(seat.code);
    if (slots === undefined) {
      slots = [];
      this.byRoom.set(seat.code, slots);
    }
    while (slots.length <= seat.slot) slots.push(null);
    slots[seat.slot] = seat;
  }
}

/** The connection under any impairment wrapper. */
export function bareLink(link: PlayerLink): PlayerLink {
  return link instanceof ImpairedLink ? link.inner : link;
}
