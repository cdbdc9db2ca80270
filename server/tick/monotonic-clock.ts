/** A monotonic millisecond clock, injected so tests can drive the loop by hand. */
export interface MonotonicClock {
  nowMs(): number;
}

/** performance.now() never goes backwards, unlike Date.now() across NTP adjustments. */
export const systemClock: MonotonicClock = { nowMs: () => performance.now() };
