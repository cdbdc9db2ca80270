import type { Conditions } from '../../shared/protocol/control-messages';

/**
 * The server's NetworkConditionsMessage, checked (it is data from the network): the conditions,
 * null when cleared, or undefined when the message is malformed and must be ignored.
 */
export function readConditions(message: unknown): Conditions | null | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const c = (message as { conditions?: unknown }).conditions;
  if (c === null) return null;
  if (typeof c !== 'object' || c === undefined) return undefined;
  const { latencyMs, jitterMs, lossPct } = c as Record<string, unknown>;
  if (!isAmount(latencyMs) || !isAmount(jitterMs) || !isAmount(lossPct)) return undefined;
  return { latencyMs, jitterMs, lossPct };
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10_000;
}
