import { el, setText } from './dom';
import { t } from './i18n';

export interface RankedPlayer {
  id: number;
  name: string;
  score: number;
}

/**
 * Who starts the next round (WelcomeMessage.rounds): an 'auto' room loops by itself; a
 * classroom goes back to the lobby and waits for the teacher, so it must not promise a round.
 */
export type RoundsMode = 'auto' | 'teacher';

/** The ranking shown while the round is in its Results phase, and what comes next. */
export class ResultsPanel {
  readonly root: HTMLElement;
  private readonly title = el('h2');
  private readonly list = el('ol', { 'data-testid': 'results-list' });
  private readonly next = el('p', { class: 'next-round', 'data-testid': 'results-next' });
  private readonly replay = el('button', { type: 'button', class: 'chip results-replay', 'data-testid': 'results-replay' });
  private shownKey = '';

  /** `onReplay`: opens the round's replay (issue 14). */
  constructor(parent: HTMLElement, onReplay: () => void) {
    this.replay.addEventListener('click', onReplay);
    this.root = el('section', { class: 'results card', hidden: '', 'data-testid': 'results' }, this.title, this.list, this.next, this.replay);
    parent.append(this.root);
  }

  hide(): void {
    this.root.hidden = true;
    this.shownKey = '';
  }

  /** Rebuilds the list only when the ranking changed (this runs a few times a second). */
  show(ranking: RankedPlayer[], selfId: number, secondsLeft: number, rounds: RoundsMode = 'auto'): void {
    this.root.hidden = false;
    setText(this.title, t('resultsTitle'));
    setText(this.replay, t('watchReplay'));
    const s = Math.max(0, Math.ceil(secondsLeft));
    setText(this.next, rounds === 'teacher' ? t('lobbyNextIn', { s }) : t('nextRoundIn', { s }));
    this.next.dataset.rounds = rounds;
    const key = ranking.map((p) => `${p.id}:${p.score}:${p.name}`).join('|') + `#${selfId}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.list.replaceChildren(
      ...ranking.map((p, i) =>
        el(
          'li',
          { class: p.id === selfId ? 'self' : '' },
          el('span', { class: 'rank' }, String(i + 1)),
          el('span', { class: 'who' }, p.id === selfId ? `${p.name} (${t('you')})` : p.name),
          el('span', { class: 'pts' }, String(p.score)),
        ),
      ),
    );
  }
}
