import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Structured JSON logs on stdout; the level comes from LOG_LEVEL. */
export function createLogger(level: string, nodeId: string): Logger {
  return pino({ level, base: { node: nodeId } });
}
