import type { Server, Socket } from 'socket.io';
import type { Conditions } from '../classroom/teacher-action';
import { ImpairedLink, isClear } from './impaired-link';

/** One connection's teacher-made conditions, each direction its own link. */
interface Impairment {
  conditions: Conditions;
  /** Server -> client. */
  out: ImpairedLink;
  /** Client -> server. */
  in: ImpairedLink;
}

function impairment(conditions: Conditions): Impairment {
  return { conditions, out: new ImpairedLink(conditions), in: new ImpairedLink(conditions) };
}

/**
 * Latency, jitter and loss that a teacher puts on one connection or on every connection of this
 * node (the classroom lesson on prediction and interpolation). Only impaired sockets pay
 * anything: the rest of the gateway asks `any` first and takes its usual path.
 */
export class NetworkConditions {
  private readonly impaired = new Map<Socket, Impairment>();
  private node: Conditions | null = null;

  constructor(private readonly nowMs: () => number) {}

  /** True when at least one socket is impaired. */
  get any(): boolean {
    return this.impaired.size > 0;
  }

  /** The conditions on every connection of this node (null: none). */
  get nodeConditions(): Conditions | null {
    return this.node;
  }

  has(socket: Socket): boolean {
    return this.impaired.has(socket);
  }

  of(socket: Socket): Conditions | null {
    return this.impaired.get(socket)?.conditions ?? null;
  }

  /** A new connection starts with the node's conditions, if any. */
  admit(socket: Socket): void {
    if (this.node !== null) this.impaired.set(socket, impairment(this.node));
  }

  forget(socket: Socket): void {
    this.impaired.delete(socket);
  }

  /** Impairs (or, with clear conditions, restores) every connection of this node. */
  setNode(conditions: Conditions, sockets: Iterable<Socket>): void {
    this.node = isClear(conditions) ? null : conditions;
    for (const socket of sockets) this.apply(socket, this.node);
  }

  /** Impairs one connection; clear conditions put it back to the node's. */
  setSocket(socket: Socket, conditions: Conditions): void {
    this.apply(socket, isClear(conditions) ? this.node : conditions);
  }

  /** Sends to one socket, late when it is impaired. */
  emitTo(socket: Socket, event: string, payload: unknown): void {
    const link = this.impaired.get(socket);
    if (link === undefined) {
      socket.emit(event, payload);
      return;
    }
    setTimeout(() => {
      if (socket.connected) socket.emit(event, payload);
    }, link.out.delayFor(this.nowMs()));
  }

  /**
   * Holds an incoming message of an impaired socket and hands it on late, in order; returns
   * false (and holds nothing) when the socket is not impaired.
   */
  holdIncoming(socket: Socket, bytes: Uint8Array, handle: (bytes: Uint8Array) => void): boolean {
    const link = this.impaired.get(socket);
    if (link === undefined) return false;
    const held = Buffer.from(bytes);
    setTimeout(() => {
      if (socket.connected) handle(held);
    }, link.in.delayFor(this.nowMs()));
    return true;
  }

  /** A room broadcast when some of its sockets are impaired: those get their copy late. */
  emitToRoom(io: Server, code: string, target: ReturnType<Server['to']>, event: string, payload: unknown): void {
    const members = io.sockets.adapter.rooms.get(code);
    const held: Socket[] = [];
    if (members !== undefined) {
      for (const id of members) {
        const socket = io.sockets.sockets.get(id);
        if (socket !== undefined && this.impaired.has(socket)) held.push(socket);
      }
    }
    (held.length === 0 ? target : target.except(held.map((s) => s.id))).emit(event, payload);
    for (const socket of held) this.emitTo(socket, event, payload);
  }

  private apply(socket: Socket, conditions: Conditions | null): void {
    if (conditions === null) this.impaired.delete(socket);
    else this.impaired.set(socket, impairment(conditions));
  }
}
