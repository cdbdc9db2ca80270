/**
 * The socket.io client socket a GameConnection runs on: transports, the wire parser and its
 * handshake auth, and the reconnection policy, decided once from the options. It does not
 * connect: the first join does.
 */
import { io, type Socket } from 'socket.io-client';
import { handshakeAuth, parserOption } from '../../shared/protocol/wire-parser-kind';
import type { GameConnectionOptions } from './connection-options';

/** Reconnect quickly after a drop (a resume keeps the scooter), backing off to 2 s. */
const RECONNECT_DELAY_MS = 250;
const RECONNECT_DELAY_MAX_MS = 2000;

export function createGameSocket(options: GameConnectionOptions): Socket {
  const parser = options.wireParser ?? 'custom';
  return io(options.url, {
    transports: options.transports ?? ['websocket'],
    ...parserOption(parser),
    auth: handshakeAuth(parser),
    reconnection: options.reconnect ?? true,
    reconnectionDelay: RECONNECT_DELAY_MS,
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    // The first join connects (JoinRequests.request), after the room query is set.
    autoConnect: false,
    // Every connection its own engine, even to the same URL (a bot process runs hundreds).
    forceNew: true,
    ...(options.extraOptions ?? {}),
  });
}
