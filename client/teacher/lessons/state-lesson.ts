import { el, setText } from '../../ui/dom';
import { t } from '../../ui/i18n';
import { decodeJwt } from '../jwt-display';
import { teacherApi } from '../teacher-api';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { StatBox } from './live-widgets';
import { countPlayers } from './player-counts';

/**
 * 3. Stateful vs stateless: players held in the owner node's memory next to one API call
 * that carries nothing but a signed token.
 */
export class StateLesson implements Lesson {
  readonly id = 'state';
  readonly titleKey = 'lessonStateTitle';
  readonly bodyKey = 'lessonStateBody';
  readonly needsBalancer = false;
  readonly live: HTMLElement;
  private readonly connected = new StatBox('liveConnected', 'live-connected');
  private readonly owner = new StatBox('liveOwner');
  private readonly ask = tr('button', 'askWithToken', { type: 'button', 'data-testid': 'ask-with-token' });
  private readonly answer = el('p', { class: 'answer', 'data-testid': 'token-answer' });
  private readonly botsNote = el('p', { class: 'note', 'data-testid': 'state-bots' });
  private ctx: LiveContext | null = null;

  constructor() {
    this.ask.addEventListener('click', () => void this.askApi());
    this.live = el(
      'div',
      { class: 'live-grid two' },
      el('div', {}, tr('h4', 'liveSession'), el('div', { class: 'stats-row' }, this.connected.root, this.owner.root), this.botsNote),
      el('div', {}, tr('h4', 'liveStateless'), this.ask, this.answer),
    );
  }

  update(ctx: LiveContext): void {
    this.ctx = ctx;
    if (ctx.view === null) return;
    const counts = countPlayers(ctx.view);
    this.connected.set(String(counts.connected));
    setText(this.botsNote, counts.bots + counts.away === 0 ? '' : t('liveAlsoInMemory', { bots: counts.bots, away: counts.away }));
    this.owner.set(ctx.view.owner);
  }

  private async askApi(): Promise<void> {
    const ctx = this.ctx;
    if (ctx === null) return;
    const started = performance.now();
    const result = await teacherApi.view(ctx.code, ctx.teacherToken);
    const ms = Math.round(performance.now() - started);
    const jwt = decodeJwt(ctx.teacherToken);
    const role = jwt.ok ? String(jwt.payload.role ?? '') : '';
    const room = jwt.ok ? String(jwt.payload.room ?? '') : '';
    setText(this.answer, t('answeredBy', { status: result.status, ms, role, room }));
  }
}
