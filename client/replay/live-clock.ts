import { Phase } from '../../shared/sim/constants';
import { el, setText } from '../ui/dom';
import { formatClock, phaseLabel } from '../ui/format-clock';
import type { LiveSource } from './live-source';

/**
 * The live view's round and clock, for the projector: which round and how long is left, or that
 * it is over. Without it, a projected map went on looking like play after the round ended.
 */
export class LiveClock {
  readonly root = el('div', { class: 'live-clock', 'data-testid': 'live-clock', 'data-phase': '' });

  constructor(private readonly source: LiveSource) {}

  refresh(): void {
    const clock = this.source.roundClock();
    if (clock === null) {
      this.root.dataset.phase = '';
      setText(this.root, '');
      return;
    }
    this.root.dataset.phase = clock.phase === Phase.Playing ? 'playing' : clock.phase === Phase.Results ? 'results' : 'lobby';
    const label = phaseLabel(clock.phase, clock.round);
    setText(this.root, clock.secondsLeft < 0 ? label : `${label} · ${formatClock(clock.secondsLeft)}`);
  }
}
