import { ControlEvent, type ErrorMessage } from '../../shared/protocol/control-messages';
import type { ErrorCode } from '../../shared/protocol/error-code';
import type { Logger } from '../logger';
import type { NodeStats } from '../node-stats';
import type { ClientState } from './client-state';

/** A socket's strikes are forgiven after this long without a new one. */
const STRIKE_WINDOW_MS = 10_000;

/**
 * What happens to bad messages: each is counted, answered with a clear error and never passed
 * on; repeated abuse cuts that one socket off, and other players never notice.
 */
export class StrikePolicy {
  constructor(
    private readonly stats: NodeStats,
    private readonly log: Logger,
    private readonly strikesMax: number,
    private readonly nowMs: () => number,
  ) {}

  reject(client: ClientState, code: ErrorCode, message: string): void {
    const now = this.nowMs();
    this.stats.countReject(code);
    if (now - client.lastStrikeMs > STRIKE_WINDOW_MS) client.strikes = 0;
    client.strikes++;
    client.lastStrikeMs = now;
    const socket = client.socket;
    if (client.strikes > this.strikesMax) {
      if (!socket.connected) return;
      this.stats.socketsCutOff++;
      socket.emit(ControlEvent.Error, { code, message: `Disconnected after ${this.strikesMax} rejected messages.`, fatal: true } satisfies ErrorMessage);
      this.log.warn({ socket: socket.id, code, ip: socket.handshake.address }, 'socket cut off for abuse');
      socket.disconnect(true);
      return;
    }
    socket.emit(ControlEvent.Error, { code, message } satisfies ErrorMessage);
  }

  /** A refused join: no strike, the socket stays connected and may try another room. */
  refuse(client: ClientState, code: ErrorCode, message: string): void {
    this.log.debug({ socket: client.socket.id, code, ip: client.socket.handshake.address }, 'join refused');
    client.socket.emit(ControlEvent.Error, { code, message } satisfies ErrorMessage);
  }
}
