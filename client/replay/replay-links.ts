import './replay-links.css';
import { el, setText } from '../ui/dom';
import { onLangChange, t } from '../ui/i18n';
import { replayApi, type RoundInfo } from './replay-api';
import { replayHref } from './replay-address';

/** The console asks for the room's recorded rounds this often (a round ends every few minutes). */
const ROUNDS_POLL_MS = 3000;

/**
 * The teacher console's way into the replay page (issue 14): the projector view of the room,
 * live, and one link per recorded round. Each opens in its own tab with the teacher token in
 * the address's fragment (replay-address.ts), so the console keeps running.
 */
export class ReplayLinks {
  readonly root: HTMLElement;
  private readonly title = el('h2');
  private readonly projector = el('a', { class: 'chip projector-link', target: '_blank', rel: 'noopener', 'data-testid': 'projector-link' });
  private readonly list = el('ul', { class: 'replay-rounds', 'data-testid': 'replay-links' });
  private readonly none = el('p', { class: 'muted' });
  private timer: ReturnType<typeof setInterval> | null = null;
  private rounds: RoundInfo[] = [];

  constructor(
    private readonly code: string,
    private readonly token: string,
  ) {
    this.projector.href = replayHref(code, token, 'live');
    this.root = el('section', { class: 'card replay-links', 'data-testid': 'replay-card' }, this.title, this.projector, this.list, this.none);
    onLangChange(() => this.render());
    this.render();
  }

  start(): void {
    if (this.timer !== null) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), ROUNDS_POLL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    const result = await replayApi.rounds(this.code, this.token);
    if (!result.ok) return;
    const key = (rounds: RoundInfo[]) => rounds.map((r) => `${r.round}:${r.status}`).join('|');
    if (key(result.value) === key(this.rounds)) return;
    this.rounds = result.value;
    this.render();
  }

  private render(): void {
    setText(this.title, t('replays'));
    setText(this.projector, t('projectorView'));
    this.none.hidden = this.rounds.length > 0;
    setText(this.none, t('replaysNone'));
    this.list.replaceChildren(
      ...[...this.rounds].reverse().map((r) => {
        if (r.status !== 'finished') return el('li', { 'data-round': String(r.round) }, t('replayRoundRunning', { round: r.round }));
        const seconds = Math.round(((r.endedAtEpochMs ?? r.startedAtEpochMs) - r.startedAtEpochMs) / 1000);
        const link = el('a', { href: replayHref(this.code, this.token, { round: r.round }), target: '_blank', rel: 'noopener', 'data-testid': 'replay-link' }, t('replayRoundDone', { round: r.round, s: seconds }));
        return el('li', { 'data-round': String(r.round) }, link);
      }),
    );
  }
}
