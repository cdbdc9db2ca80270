import type { NodeSample } from '../support/node-sample';

/** One window of samples (start or end of a soak) reduced to the figures compared. */
export interface SoakWindow {
  /** Lowest heap in the window: the closest an outside view gets to "after GC". */
  heapMinBytes: number;
  rssMaxBytes: number;
  handlesMax: number;
  tickP99MsMax: number;
}

export function summarizeWindow(samples: readonly NodeSample[]): SoakWindow {
  return {
    heapMinBytes: Math.min(...samples.map((s) => s.heapUsedBytes)),
    rssMaxBytes: Math.max(...samples.map((s) => s.rssBytes)),
    handlesMax: Math.max(...samples.map((s) => s.activeHandles)),
    tickP99MsMax: Math.max(...samples.map((s) => (Number.isFinite(s.tickP99Ms) ? s.tickP99Ms : 0))),
  };
}

/** Limits on growth from the start window to the end window. */
export interface GrowthLimits {
  /** Extra handles allowed. @default 2 */
  handles: number;
  /** Heap growth allowed: this share of the start plus `heapSlackBytes`. */
  heapShare: number;
  heapSlackBytes: number;
}

export const DEFAULT_GROWTH_LIMITS: GrowthLimits = { handles: 2, heapShare: 0.25, heapSlackBytes: 8 * 1024 * 1024 };

/** Readable complaints about growth between the windows (empty: none). */
export function growthProblems(label: string, start: SoakWindow, end: SoakWindow, limits: GrowthLimits = DEFAULT_GROWTH_LIMITS): string[] {
  const problems: string[] = [];
  if (end.handlesMax > start.handlesMax + limits.handles) problems.push(`${label}: handles grew ${start.handlesMax} -> ${end.handlesMax}`);
  const heapLimit = start.heapMinBytes * (1 + limits.heapShare) + limits.heapSlackBytes;
  if (end.heapMinBytes > heapLimit) problems.push(`${label}: heap (window minimum) grew ${mb(start.heapMinBytes)} -> ${mb(end.heapMinBytes)} MB`);
  return problems;
}

export function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
