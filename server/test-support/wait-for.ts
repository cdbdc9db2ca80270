/**
 * Resolves when `check` returns true, polling at `everyMs`; rejects with `what` after
 * `timeoutMs`. Tests wait on observable conditions, never on fixed sleeps.
 */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Resolves with the arguments of the next `event` emitted by `target`. */
export function nextEvent<T extends unknown[]>(
  target: { once(event: string, fn: (...args: T) => void): unknown },
  event: string,
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for event "${event}"`)), timeoutMs);
    target.once(event, (...args: T) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}
