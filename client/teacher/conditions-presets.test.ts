import { describe, expect, it } from 'vitest';
import { CONDITION_PRESETS, isClear, presetOf } from './conditions-presets';

describe('condition presets', () => {
  it('recognises each preset, clear, and a custom mix', () => {
    for (const p of CONDITION_PRESETS) expect(presetOf(p.conditions)).toBe(p.id);
    expect(presetOf(null)).toBe('none');
    expect(isClear({ latencyMs: 0, jitterMs: 0, lossPct: 0 })).toBe(true);
    expect(presetOf({ latencyMs: 123, jitterMs: 0, lossPct: 0 })).toBeNull();
  });

  it('stays inside what the server accepts (teacher-action.ts)', () => {
    for (const { conditions: c } of CONDITION_PRESETS) {
      expect(c.latencyMs).toBeLessThanOrEqual(2000);
      expect(c.jitterMs).toBeLessThanOrEqual(1000);
      expect(c.lossPct).toBeLessThanOrEqual(50);
    }
  });
});
