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
