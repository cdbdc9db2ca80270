import { describe, expect, it } from 'vitest';
import { jsonBytesPerPlayer, jsonSnapshotBytes } from './json-size-estimate';

describe('JSON snapshot estimate', () => {
  it('grows by one player entry plus a comma per player', () => {
    const per = jsonBytesPerPlayer();
    expect(per).toBeGreaterThan(100);
    expect(jsonSnapshotBytes(2) - jsonSnapshotBytes(1)).toBe(per + 1);
    expect(jsonSnapshotBytes(10) - jsonSnapshotBytes(0)).toBe(10 * per + 9);
  });

  it('treats nonsense counts as zero or whole players', () => {
    expect(jsonSnapshotBytes(-3)).toBe(jsonSnapshotBytes(0));
    expect(jsonSnapshotBytes(2.7)).toBe(jsonSnapshotBytes(2));
  });
});
