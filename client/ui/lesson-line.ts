import type { GameSession } from '../net/game-session';
import { el, setText } from './dom';
import { onLangChange, t, type MessageKey } from './i18n';

/** The short form of the teacher's lesson cards, in the same order (client/teacher/lessons). */
const LESSONS: readonly { title: MessageKey; short: MessageKey }[] = [
  { title: 'lessonClientServerTitle', short: 'lessonClientServerShort' },
  { title: 'lessonProtocolsTitle', short: 'lessonProtocolsShort' },
  { title: 'lessonStateTitle', short: 'lessonStateShort' },
  { title: 'lessonBalancingTitle', short: 'lessonBalancingShort' },
  { title: 'lessonCachingTitle', short: 'lessonCachingShort' },
  { title: 'lessonSecurityTitle', short: 'lessonSecurityShort' },
  { title: 'lessonGatewayTitle', short: 'lessonGatewayShort' },
];
const STATE_LESSON = 2;

/**
 * The lesson line in the player's network inspector: one concept at a time, next to the live
 * numbers above it. On the stateful/stateless card a button asks the API "who am I" with
 * nothing but a token traded for this session's resume token, and shows which node answered.
 */
export class LessonLine {
  readonly root: HTMLElement;
  private readonly title = el('h3', { 'data-testid': 'inspector-lesson-title' });
  private readonly text = el('p');
  private readonly prev = el('button', { type: 'button', class: 'chip' }, '‹');
  private readonly next = el('button', { type: 'button', class: 'chip' }, '›');
  private readonly ask = el('button', { type: 'button', class: 'chip', 'data-testid': 'ask-me' });
  private readonly answer = el('p', { 'data-testid': 'ask-me-answer' });
  private index = 0;

  constructor(private readonly session: GameSession) {
    this.prev.addEventListener('click', () => this.go(-1));
    this.next.addEventListener('click', () => this.go(1));
    this.ask.addEventListener('click', () => void this.whoAmI());
    this.root = el('section', { class: 'lesson-line', 'data-testid': 'inspector-lesson' }, this.title, this.text, this.ask, this.answer, el('div', { class: 'row' }, this.prev, this.next));
    onLangChange(() => this.render());
    this.render();
  }

  private go(step: number): void {
    this.index = (this.index + step + LESSONS.length) % LESSONS.length;
    setText(this.answer, '');
    this.render();
  }

  private render(): void {
    const lesson = LESSONS[this.index];
    setText(this.title, `${t('lessonLabel')} ${this.index + 1}/${LESSONS.length} · ${t(lesson.title)}`);
    setText(this.text, t(lesson.short));
    setText(this.prev, '‹');
    this.prev.title = t('lessonPrev');
    this.next.title = t('lessonNext');
    setText(this.ask, t('askMe'));
    this.ask.hidden = this.index !== STATE_LESSON;
    this.answer.hidden = this.index !== STATE_LESSON;
  }

  private async whoAmI(): Promise<void> {
    const resumeToken = this.session.connection.welcome?.resumeToken;
    if (resumeToken === undefined) return;
    try {
      const session = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken }) });
      if (!session.ok) throw new Error(`POST /api/session ${session.status}`);
      const { playerToken } = (await session.json()) as { playerToken: string };
      const me = await fetch('/api/me', { headers: { authorization: `Bearer ${playerToken}` }, cache: 'no-store' });
      if (!me.ok) throw new Error(`GET /api/me ${me.status}`);
      const body = (await me.json()) as { room: string; playerId: number; name: string; answeredBy: string };
      setText(this.answer, t('answeredByNode', { node: body.answeredBy, name: body.name, id: body.playerId, room: body.room }));
    } catch (error) {
      setText(this.answer, t('errAction', { message: error instanceof Error ? error.message : String(error) }));
    }
  }
}
