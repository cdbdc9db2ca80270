import { afterEach } from 'vitest';

/**
 * Things a test opened, closed after it in reverse order (like node:test's `t.after`).
 * Call once per test file; returns the function that registers a cleanup.
 */
export function cleanupAfterEach(): (cleanup: () => unknown) => void {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
