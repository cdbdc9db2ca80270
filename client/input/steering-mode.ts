/**
 * How keys and the touch stick steer (issue 12): 'point' (the default) turns the scooter toward
 * the direction pushed, on the screen; 'tank' is the older scheme where up/down throttle and
 * brake and left/right rotate the scooter, relative to where it faces. Remembered per browser.
 */
export type SteeringMode = 'point' | 'tank';

export const STEERING_STORAGE_KEY = 'roundtrip.steering';
export const DEFAULT_STEERING: SteeringMode = 'point';

/** The stored choice, or the default when none (or storage is blocked, as in some private modes). */
export function loadSteeringMode(storage: Pick<Storage, 'getItem'> | null): SteeringMode {
  try {
    const value = storage?.getItem(STEERING_STORAGE_KEY);
    return value === 'tank' || value === 'point' ? value : DEFAULT_STEERING;
  } catch {
    return DEFAULT_STEERING;
  }
}

export function saveSteeringMode(storage: Pick<Storage, 'setItem'> | null, mode: SteeringMode): void {
  try {
    storage?.setItem(STEERING_STORAGE_KEY, mode);
  } catch {
    // Storage full or blocked: the choice lasts for this page only.
  }
}
