import { el, setText } from './dom';
import { t } from './i18n';

export interface RankedPlayer {
  id: number;
  name: string;
  score: number;
}

/** The ranking shown while the round is in its Results phase. */
export class ResultsPanel {
  readonly root: HTMLElement;
  private readonly title = el('h2');
  private readonly list = el('ol', { 'data-testid': 'results-list' });
  private readonly next = el('p', { class: 'next-round' });
  private shownKey = '';

  constructor(parent: HTMLElement) {
    this.root = el('section', { class: 'results card', hidden: '', 'data-testid': 'results' }, this.title, this.list, this.next);
    parent.append(this.root);
  }

  hide(): void {
    this.root.hidden = true;
    this.shownKey = '';
  }

  /** Rebuilds the list only when the ranking changed (this runs a few times a second). */
  show(ranking: RankedPlayer[], selfId: number, secondsLeft: number): void {
    this.root.hidden = false;
    setText(this.title, t('resultsTitle'));
    setText(this.next, t('nextRoundIn', { s: Math.max(0, Math.ceil(secondsLeft)) }));
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
