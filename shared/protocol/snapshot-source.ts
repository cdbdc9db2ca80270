/**
 * What a snapshot encoder reads of a world (SnapshotSource), and the checks that the world it
 * is handed fits the encoder and the wire's ranges. A failed check is our bug, not bad input:
 * the world is server state, so it throws (style.md §5).
 */
import type { NetworkedFieldName } from '../sim/player-fields';
import type { World } from '../sim/world';
import { MAX_PHASE, MAX_TICK } from './snapshot-format';

/** The parts of World a snapshot reads (tests build these without a city). */
export type SnapshotSource = Pick<
  World,
  'tick' | 'phase' | 'phaseEndTick' | 'round' | 'maxPlayers' | NetworkedFieldName | 'orderExpireTick' | 'orderPlacedTick'
>;

/** Our-bug checks: a world of another shape or header values outside the wire's ranges. */
export function checkSnapshotSource(world: SnapshotSource, maxPlayers: number, houseCount: number): void {
  if (world.maxPlayers !== maxPlayers || world.orderExpireTick.length !== houseCount) {
    throw new RangeError('world shape does not match the encoder');
  }
  const { tick, phase, phaseEndTick, round } = world;
  if (!(isTickValue(tick) && isTickValue(phaseEndTick) && isTickValue(round))) {
    throw new RangeError(`tick/phaseEndTick/round out of range: ${tick} ${phaseEndTick} ${round}`);
  }
  if (!Number.isInteger(phase) || phase < 0 || phase > MAX_PHASE) throw new RangeError(`phase out of range: ${phase}`);
}

function isTickValue(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_TICK;
}
