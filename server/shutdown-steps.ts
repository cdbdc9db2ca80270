import type { Logger } from './logger';

/** A part of a node's shutdown that takes longer than this is named in a warning. */
export const SLOW_SHUTDOWN_STEP_MS = 4000;

/** Runs one named part of a shutdown. */
export type ShutdownStep = <T>(name: string, run: () => Promise<T> | T) => Promise<T>;

/**
 * Steps of a node's shutdown that say which one is slow: a drain the launcher gives up on after
 * 15 s (launcher/node-supervisor.ts) is then killed, and without this its log would not
 * say what it was waiting for (a store, the bots' worker, a connection that did not close).
 */
export function shutdownSteps(log: Logger, slowMs: number = SLOW_SHUTDOWN_STEP_MS): ShutdownStep {
  return async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    const started = Date.now();
    const timer = setTimeout(() => log.warn({ step: name, afterMs: Date.now() - started }, 'stopping: still waiting for this step'), slowMs);
    timer.unref();
    try {
      return await run();
    } finally {
      clearTimeout(timer);
    }
  };
}
