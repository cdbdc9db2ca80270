import { describe, expect, it } from 'vitest';
import { deviceId } from './device-id';

/** A Storage of our own (vitest runs in Node: no window.localStorage). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('deviceId', () => {
  it('makes a random id the server accepts and keeps it for the next page load', () => {
    const storage = memoryStorage();
    const first = deviceId(storage);
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(deviceId(storage)).toBe(first);
    expect(deviceId(memoryStorage())).not.toBe(first);
  });

  it('replaces a kept value the server would refuse, and works without storage', () => {
    const storage = memoryStorage();
    storage.setItem('roundtrip.device', '<script>');
    const id = deviceId(storage);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(storage.getItem('roundtrip.device')).toBe(id);
    expect(deviceId(null)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
