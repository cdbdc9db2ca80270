import { describe, expect, it } from 'vitest';
import { createInputFrame, INPUT_FIELD_NAMES, INPUT_FIELDS } from './input-fields';

describe('input fields', () => {
  it('the frame holds exactly `has` plus every declared field, each of its declared kind', () => {
    const frame = createInputFrame(7) as unknown as Record<string, ArrayBufferView & { length: number }>;
    expect(Object.keys(frame).sort()).toEqual(['has', ...INPUT_FIELD_NAMES].sort());
    expect(frame.has).toBeInstanceOf(Uint8Array);
    for (const name of INPUT_FIELD_NAMES) {
      const kind = INPUT_FIELDS[name].array;
      const expected = kind === 'u8' ? Uint8Array : kind === 'u32' ? Uint32Array : Int32Array;
      expect(frame[name], name).toBeInstanceOf(expected);
      expect(frame[name].length, name).toBe(7);
    }
  });

  it('every field range fits its array kind', () => {
    for (const name of INPUT_FIELD_NAMES) {
      const { array, min, max } = INPUT_FIELDS[name];
      const [lo, hi] = array === 'u8' ? [0, 0xff] : array === 'u32' ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
      expect(min, name).toBeGreaterThanOrEqual(lo);
      expect(max, name).toBeLessThanOrEqual(hi);
    }
  });
});
