import { el, setText } from '../ui/dom';
import { onLangChange, t } from '../ui/i18n';
import type { Lens } from './recorded-source';
import type { StandingRow, ViewSource } from './view-source';

/** What the student's lens needs from a recording; absent when watching live. */
export interface LensControl {
  lens: Lens;
  /** The followed player's delay behind their own scooter, and its parts (ms). */
  lensParts(slot: number): { delayMs: number; rttMs: number; interpolationMs: number };
}

/**
 * Who to watch and how (issue 14): whole city or one player (a select, or a click on the
 * leaderboard), the two lenses (a recording only), a line that explains the student's lens,
 * and the leaderboard with each player's RTT and who is lagging or offline.
 */
export class ViewPanel {
  readonly root: HTMLElement;
  readonly leaderboard: HTMLElement;
  private readonly follow = el('select', { class: 'follow', 'data-testid': 'replay-follow' });
  private readonly lensServer = el('button', { type: 'button', class: 'chip small', 'data-lens': 'server', 'data-testid': 'lens-server' });
  private readonly lensStudent = el('button', { type: 'button', class: 'chip small', 'data-lens': 'student', 'data-testid': 'lens-student' });
  private readonly explain = el('p', { class: 'lens-explain', 'data-testid': 'lens-explain' });
  private readonly board = el('ol', { class: 'standings', 'data-testid': 'standings' });
  private readonly boardTitle = el('h2');
  private shownOptions = '';
  private shownBoard = '';

  constructor(
    private readonly source: ViewSource,
    private readonly lens: LensControl | null,
  ) {
    this.follow.addEventListener('change', () => {
      source.followed = Number(this.follow.value);
      this.refresh();
    });
    for (const button of [this.lensServer, this.lensStudent]) {
      button.addEventListener('click', () => {
        if (lens === null) return;
        lens.lens = button.dataset.lens === 'student' ? 'student' : 'server';
        this.refresh();
      });
    }
    const lensRow = el('div', { class: 'row lenses', role: 'group' }, this.lensServer, this.lensStudent);
    lensRow.hidden = lens === null;
    this.explain.hidden = true;
    this.root = el('div', { class: 'replay-view-panel' }, el('div', { class: 'row' }, this.follow, lensRow), this.explain);
    this.leaderboard = el('section', { class: 'replay-standings card', 'data-testid': 'leaderboard' }, this.boardTitle, this.board);
    onLangChange(() => {
      this.shownOptions = '';
      this.shownBoard = '';
      this.refresh();
    });
  }

  refresh(): void {
    const rows = this.source.standings();
    this.refreshFollow(rows);
    this.refreshLens();
    this.refreshBoard(rows);
  }

  private refreshFollow(rows: StandingRow[]): void {
    const bySlot = [...rows].sort((a, b) => a.slot - b.slot);
    const key = bySlot.map((r) => `${r.slot}:${r.name}`).join('|');
    if (key !== this.shownOptions) {
      this.shownOptions = key;
      this.follow.replaceChildren(
        el('option', { value: '-1' }, t('wholeCity')),
        ...bySlot.map((r) => el('option', { value: String(r.slot) }, `${t('follow')}: ${r.name}`)),
      );
    }
    // Someone who left cannot be followed any more: back to the whole city.
    if (this.source.followed >= 0 && !rows.some((r) => r.slot === this.source.followed)) this.source.followed = -1;
    this.follow.value = String(this.source.followed);
  }

  private refreshLens(): void {
    const lens = this.lens;
    if (lens === null) return;
    const followed = this.source.followed;
    const name = followed >= 0 ? this.source.nameOf(followed) : '';
    setText(this.lensServer, t('lensServer'));
    setText(this.lensStudent, followed >= 0 ? t('lensStudent', { name }) : t('lensPickStudent'));
    this.lensStudent.disabled = followed < 0;
    const student = lens.lens === 'student' && followed >= 0;
    this.lensServer.classList.toggle('on', !student);
    this.lensStudent.classList.toggle('on', student);
    this.explain.hidden = !student;
    if (student) {
      const parts = lens.lensParts(followed);
      setText(this.explain, t('lensExplain', { name, ms: Math.round(parts.delayMs), rtt: Math.round(parts.rttMs), interp: Math.round(parts.interpolationMs) }));
    }
  }

  private refreshBoard(rows: StandingRow[]): void {
    setText(this.boardTitle, t('leaderboard'));
    const key = rows.map((r) => `${r.slot}:${r.name}:${r.score}:${r.connected}:${r.rttMs}:${r.lagging}:${r.imposed}`).join('|') + `#${this.source.followed}`;
    if (key === this.shownBoard) return;
    this.shownBoard = key;
    this.board.replaceChildren(
      ...rows.map((r, i) => {
        const status = !r.connected ? t('liveOffline') : r.lagging ? (r.imposed === '' ? t('lagging') : `${t('lagging')} (${r.imposed})`) : '';
        const item = el(
          'li',
          { class: `${r.slot === this.source.followed ? 'followed' : ''} ${r.lagging ? 'lagging' : ''}`, 'data-slot': String(r.slot), 'data-lagging': String(r.lagging) },
          el('span', { class: 'rank' }, String(i + 1)),
          el('span', { class: 'who' }, r.name),
          el('span', { class: 'rtt' }, r.rttMs === null ? '' : `${r.rttMs} ms`),
          el('span', { class: 'status' }, status),
          el('span', { class: 'pts' }, String(r.score)),
        );
        item.addEventListener('click', () => {
          this.source.followed = this.source.followed === r.slot ? -1 : r.slot;
          this.refresh();
        });
        return item;
      }),
    );
  }
}
