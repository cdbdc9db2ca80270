import type { MessageKey } from '../ui/i18n';
import type { Conditions } from './teacher-api';

/** One-click network conditions for the class to feel (latency each way, jitter, loss). */
export const CONDITION_PRESETS: readonly { id: string; label: MessageKey; conditions: Conditions }[] = [
  { id: 'none', label: 'presetNone', conditions: { latencyMs: 0, jitterMs: 0, lossPct: 0 } },
  { id: 'slow', label: 'presetSlow', conditions: { latencyMs: 150, jitterMs: 0, lossPct: 0 } },
  { id: 'jittery', label: 'presetJittery', conditions: { latencyMs: 80, jitterMs: 60, lossPct: 0 } },
  { id: 'lossy', label: 'presetLossy', conditions: { latencyMs: 30, jitterMs: 10, lossPct: 10 } },
  { id: 'awful', label: 'presetAwful', conditions: { latencyMs: 400, jitterMs: 150, lossPct: 20 } },
];

export const CLEAR_CONDITIONS: Conditions = { latencyMs: 0, jitterMs: 0, lossPct: 0 };

export function isClear(c: Conditions | null): boolean {
  return c === null || (c.latencyMs === 0 && c.jitterMs === 0 && c.lossPct === 0);
}

/** The preset these conditions equal, or null for a custom mix. */
export function presetOf(c: Conditions | null): string | null {
  if (isClear(c)) return 'none';
  const found = CONDITION_PRESETS.find((p) => c !== null && p.conditions.latencyMs === c.latencyMs && p.conditions.jitterMs === c.jitterMs && p.conditions.lossPct === c.lossPct);
  return found?.id ?? null;
}
