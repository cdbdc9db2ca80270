import { pino, type Logger as PinoLogger } from 'pino';
import pretty, { type PrettyOptions } from 'pino-pretty';

export type Logger = PinoLogger;

/**
 * 'pretty': one readable line per entry (pino-pretty), for a person at a terminal.
 * 'json': one JSON object per line, for files, log shippers and the processes that read a
 * child's output (the cluster launcher, the test harnesses).
 */
export const LogFormat = { Pretty: 'pretty', Json: 'json' } as const;
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

/**
 * LOG_FORMAT=pretty|json when set; otherwise pretty on a terminal and JSON anywhere else, so
 * `npm start` reads well and `npm start > node.log` stays machine-readable.
 */
export function logFormatFor(env: NodeJS.ProcessEnv = process.env, stdoutIsTty: boolean = process.stdout.isTTY === true): LogFormat {
  if (env.LOG_FORMAT === LogFormat.Json || env.LOG_FORMAT === LogFormat.Pretty) return env.LOG_FORMAT;
  return stdoutIsTty ? LogFormat.Pretty : LogFormat.Json;
}

const PRETTY: PrettyOptions = {
  translateTime: 'SYS:HH:MM:ss',
  // The node id is what tells lines apart here; pid and hostname are noise on one machine.
  ignore: 'pid,hostname,node',
  messageFormat: '{node}: {msg}',
  singleLine: true,
};

/** Logs on stdout at `level` (LOG_LEVEL), tagged with the node (or process) id. */
export function createLogger(level: string, nodeId: string, format: LogFormat = logFormatFor()): Logger {
  const options = { level, base: { node: nodeId } };
  if (format === LogFormat.Json) return pino(options);
  // Synchronous, so a line never lands after the banner written next to it.
  return pino(options, pretty({ ...PRETTY, colorize: process.stdout.isTTY === true, sync: true }));
}

/**
 * For the cluster launcher: turns a child's JSON log line into the pretty form (null for a
 * line that is not one of our JSON logs, which the caller shows as it is).
 */
export function prettyLogLine(colorize: boolean): (line: string) => string | null {
  const format = pretty.prettyFactory({ ...PRETTY, colorize });
  return (line) => {
    if (!line.startsWith('{')) return null;
    try {
      const entry: unknown = JSON.parse(line);
      if (typeof entry !== 'object' || entry === null || !('level' in entry) || !('msg' in entry)) return null;
      return format(entry).replace(/\n$/, '');
    } catch {
      return null;
    }
  };
}
