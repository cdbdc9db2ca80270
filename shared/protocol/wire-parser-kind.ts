import { PROTOCOL_VERSION } from './version';
import { wireParser } from './wire-parser';

/**
 * Which socket.io parser both ends use: 'custom' is wire-parser.ts (each binary message is one
 * binary WebSocket frame); 'default' is socket.io's own (a text header frame plus a binary
 * attachment frame), kept selectable so the load report can show both (issue #5).
 */
export type WireParserKind = 'custom' | 'default';

/** The `parser` option for `new Server(...)` / `io(...)`; undefined leaves socket.io's default. */
export function parserOption(kind: WireParserKind): { parser: typeof wireParser } | Record<string, never> {
  return kind === 'custom' ? { parser: wireParser } : {};
}

/**
 * The wire format a client announces in its socket.io handshake (auth.wire), so the server can
 * refuse a client that does not speak it before it takes a seat (issue #13: a stock socket.io
 * client joined, choked on the first one-frame binary snapshot, reconnected and took another
 * seat, again and again, holding each for the resume grace).
 */
export const WIRE_FORMATS = { custom: 'roundtrip-frames', default: 'socket.io-default' } as const satisfies Record<WireParserKind, string>;

/** The socket.io `auth` a client sends: the protocol version and the wire format it speaks. */
export function handshakeAuth(kind: WireParserKind, version: number = PROTOCOL_VERSION): { v: number; wire: string } {
  return { v: version, wire: WIRE_FORMATS[kind] };
}
