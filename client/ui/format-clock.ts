import { Phase } from '../../shared/sim/constants';
import { t } from './i18n';

/** A phase's time left as m:ss, rounded up (the HUD's and the projector's clock). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds left in the room's phase at `tick` (-1 when the phase has no end: a lobby waiting for its teacher). */
export function phaseSecondsLeft(phaseEndTick: number, tick: number, tickRateHz: number): number {
  return phaseEndTick > 0 ? Math.max(0, (phaseEndTick - tick) / tickRateHz) : -1;
}

/** Where a room's round stands, in words: "Round 2", "Round over", "Before the round". */
export function phaseLabel(phase: number, round: number): string {
  return phase === Phase.Playing ? t('phasePlaying', { round }) : phase === Phase.Results ? t('phaseResults') : t('phaseLobby');
}
