import type { City } from '../../shared/sim/city';
import { t } from '../ui/i18n';
import type { SampledPositions } from '../../shared/replay/position-history';

/** One row of the view's leaderboard. */
export interface StandingRow {
  slot: number;
  name: string;
  score: number;
  connected: boolean;
  /** The RTT the server measured for the player (ms), null when unknown. */
  rttMs: number | null;
  /** True when the player's network is slow or the teacher imposed conditions on it. */
  lagging: boolean;
  /** What the teacher put on the player's network, e.g. "+250 ms · 5 % loss" ('' when nothing). */
  imposed: string;
}

/** The teacher's network conditions, short, for the leaderboard ('' when clear). */
export function conditionsText(c: { latencyMs: number; jitterMs: number; lossPct: number } | null | undefined): string {
  if (c === null || c === undefined) return '';
  const parts: string[] = [];
  if (c.latencyMs > 0) parts.push(`+${Math.round(c.latencyMs)} ms`);
  if (c.jitterMs > 0) parts.push(`±${Math.round(c.jitterMs)} ms`);
  if (c.lossPct > 0) parts.push(t('imposedLoss', { pct: c.lossPct }));
  return parts.join(' · ');
}

/**
 * What the replay scene draws, from a recording or from a live room (the projector): the
 * scene asks once per display frame where everything is and never sees where it came from.
 */
export interface ViewSource {
  readonly city: City;
  readonly maxPlayers: number;
  readonly tickRateHz: number;
  /** Where each scooter is drawn at `nowMs` (position quanta); false before there is anything. */
  frame(nowMs: number, out: SampledPositions): boolean;
  /**
   * Where the server had the other scooters, when the lens draws them elsewhere (the student's
   * view): the scene rings those spots. False when the lens is the server's.
   */
  ghosts(out: SampledPositions): boolean;
  /** The slot the camera follows (-1: the whole city). */
  followed: number;
  /** The tick the orders are drawn at, and the open orders (0 = none), per house. */
  readonly ordersTick: number;
  readonly orderExpireTick: Int32Array;
  readonly orderPlacedTick: Int32Array;
  nameOf(slot: number): string;
  connected(slot: number): boolean;
  /** Everyone seated, best score first. */
  standings(): StandingRow[];
}

/** An RTT above this marks a player as lagging on the leaderboard (a clean school Wi-Fi is far under it). */
export const LAGGING_RTT_MS = 150;

/** Best score first; ties by slot, so the order does not flicker. */
export function rankStandings(rows: StandingRow[]): StandingRow[] {
  return rows.sort((a, b) => b.score - a.score || a.slot - b.slot);
}
