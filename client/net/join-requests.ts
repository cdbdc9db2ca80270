/**
 * The join and resume requests of a GameConnection: at most one under way, connecting first
 * when needed, settled by the welcome or a refusal; the last join sent, so a TRY_AGAIN (the
 * room failing over to another node) is asked again a few times; and the resume sent on every
 * reconnect while a session is held.
 */
import type { Socket } from 'socket.io-client';
import { ControlEvent, type WelcomeMessage } from '../../shared/protocol/control-messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/** A TRY_AGAIN (room failing over) is retried this often, this many times (~6 s in all). */
const JOIN_RETRY_DELAY_MS = 500;
const MAX_JOIN_RETRIES = 12;

/** The payload of a Join that resumes the session behind `resumeToken`. */
export function resumePayload(resumeToken: string): object {
  return { v: PROTOCOL_VERSION, resume: resumeToken };
}

export class JoinRequests {
  private pending: { resolve: (w: WelcomeMessage) => void; reject: (e: Error) => void } | null = null;
  private lastPayload: object | null = null;
  private retries = 0;

  constructor(
    private readonly socket: Socket,
    /** Sends a control message (the connection counts its bytes). */
    private readonly sendControl: (event: string, payload: object) => void,
  ) {}

  /** True while a join or resume waits for its welcome. */
  get underWay(): boolean {
    return this.pending !== null;
  }

  /** Connects if need be and sends the join; resolves with the welcome, rejects on a refusal. */
  request(payload: object): Promise<WelcomeMessage> {
    if (this.pending !== null) return Promise.reject(new Error('A join is already under way.'));
    return new Promise<WelcomeMessage>((resolve, reject) => {
      this.pending = { resolve, reject };
      const send = () => this.send(payload);
      if (this.socket.connected) send();
      else {
        this.socket.once('connect', send);
        this.socket.connect();
      }
    });
  }

  /** Sends a Join now (a request, its retry, or a reconnect's resume). */
  send(payload: object): void {
    this.lastPayload = payload;
    this.sendControl(ControlEvent.Join, payload);
  }

  /** A welcome arrived: the request under way (if any) succeeded. */
  welcomed(welcome: WelcomeMessage): void {
    this.retries = 0;
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(welcome);
  }

  /** The request under way (if any) failed. */
  fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  /**
   * Asks again after a TRY_AGAIN: the request under way, else a resume of the held session
   * (`resumeToken`, null when none); false once the retries are used up or nothing to ask.
   */
  retry(resumeToken: string | null): boolean {
    const payload = this.pending !== null ? this.lastPayload : resumeToken !== null ? resumePayload(resumeToken) : null;
    if (payload === null || this.retries >= MAX_JOIN_RETRIES) return false;
    this.retries++;
    setTimeout(() => {
      if (this.socket.connected) this.send(payload);
    }, JOIN_RETRY_DELAY_MS);
    return true;
  }
}
