import { describe, expect, it } from 'vitest';
import { DEFAULT_STEERING, loadSteeringMode, saveSteeringMode, STEERING_STORAGE_KEY } from './steering-mode';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('steering mode setting', () => {
  it('defaults to point to steer, and remembers a choice', () => {
    const storage = memoryStorage();
    expect(DEFAULT_STEERING).toBe('point');
    expect(loadSteeringMode(storage)).toBe('point');
    saveSteeringMode(storage, 'tank');
    expect(storage.items.get(STEERING_STORAGE_KEY)).toBe('tank');
    expect(loadSteeringMode(storage)).toBe('tank');
    saveSteeringMode(storage, 'point');
    expect(loadSteeringMode(storage)).toBe('point');
  });

  it('ignores junk and blocked storage', () => {
    const storage = memoryStorage();
    storage.items.set(STEERING_STORAGE_KEY, 'sideways');
    expect(loadSteeringMode(storage)).toBe('point');
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
    };
    expect(loadSteeringMode(blocked)).toBe('point');
    expect(() => saveSteeringMode(blocked, 'tank')).not.toThrow();
    expect(loadSteeringMode(null)).toBe('point');
  });
});
