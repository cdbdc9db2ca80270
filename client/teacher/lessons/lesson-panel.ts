import { el, setText } from '../../ui/dom';
import { onLangChange, t } from '../../ui/i18n';
import { Poller } from '../poller';
import { teacherApi, type RoomView } from '../teacher-api';
import { tr } from '../tr';
import { BalancingLesson } from './balancing-lesson';
import { CachingLesson } from './caching-lesson';
import { ClientServerLesson } from './client-server-lesson';
import type { Lesson, LiveContext } from './lesson';
import { GatewayLesson } from './gateway-lesson';
import { ProtocolsLesson } from './protocols-lesson';
import { SecurityLesson } from './security-lesson';
import { StateLesson } from './state-lesson';

/** /api/stats once a second: the panels show rates, and faster would only add noise. */
const STATS_POLL_MS = 1000;
/** The balancer is asked every other stats poll, and only while a card that shows it is open. */
const BALANCER_EVERY_N_POLLS = 2;

/** The lessons: one tab per concept, the open card's text and its live panel. */
export class LessonPanel {
  readonly root: HTMLElement;
  private readonly lessons: Lesson[];
  private readonly tabs = el('div', { class: 'tabs', role: 'tablist' });
  private readonly title = el('h3', { 'data-testid': 'lesson-title' });
  private readonly body = el('p', { class: 'lesson-body', 'data-testid': 'lesson-body' });
  private readonly liveSlot = el('div', { class: 'live' });
  private readonly poller = new Poller(() => this.poll(), STATS_POLL_MS);
  private active: Lesson;
  private polls = 0;
  private ctx: LiveContext;

  /** `behindBalancer`: only then does /balancer/status exist to be asked (teacher-api.ts). */
  constructor(win: Window, code: string, teacherToken: string, private readonly behindBalancer: boolean) {
    this.lessons = [
      new ClientServerLesson(),
      new ProtocolsLesson(),
      new StateLesson(),
      new BalancingLesson(() => this.refresh()),
      new CachingLesson(win.performance),
      new SecurityLesson(),
      new GatewayLesson(() => this.refresh()),
    ];
    this.active = this.lessons[0];
    this.ctx = { code, teacherToken, view: null, stats: null, balancer: null, nodes: null, nowEpochMs: Date.now() };
    for (const [i, lesson] of this.lessons.entries()) {
      const tab = el('button', { type: 'button', role: 'tab', class: 'tab', 'data-testid': `lesson-tab-${lesson.id}`, 'data-lesson': lesson.id });
      tab.addEventListener('click', () => this.open(lesson));
      tab.append(el('span', { class: 'n' }, String(i + 1)), el('span', { class: 'tab-title' }));
      this.tabs.append(tab);
    }
    this.root = el(
      'section',
      { class: 'card lessons-card', 'data-testid': 'lessons' },
      tr('h2', 'lessonsTitle'),
      this.tabs,
      el('article', { class: 'lesson', role: 'tabpanel' }, this.title, this.body, el('div', { class: 'live-label' }, tr('span', 'lessonLive')), this.liveSlot),
    );
    onLangChange(() => this.render());
    this.open(this.active);
    this.poller.start();
  }

  /** The teacher view from the console's own poll (not fetched twice). */
  setView(view: RoomView): void {
    this.ctx = { ...this.ctx, view };
    this.active.update(this.ctx);
  }

  stop(): void {
    this.poller.stop();
  }

  private open(lesson: Lesson): void {
    this.active = lesson;
    this.liveSlot.replaceChildren(lesson.live);
    this.render();
    if (lesson.needsBalancer) this.polls = 0;
    this.poller.now();
  }

  private render(): void {
    setText(this.title, t(this.active.titleKey));
    setText(this.body, t(this.active.bodyKey));
    for (const tab of this.tabs.querySelectorAll<HTMLButtonElement>('button.tab')) {
      const lesson = this.lessons.find((l) => l.id === tab.dataset.lesson);
      const label = tab.querySelector('.tab-title');
      if (lesson !== undefined && label !== null) setText(label, t(lesson.titleKey));
      tab.classList.toggle('active', lesson === this.active);
      tab.setAttribute('aria-selected', String(lesson === this.active));
    }
    this.active.update(this.ctx);
  }

  private async poll(): Promise<void> {
    const wantBalancer = this.behindBalancer && this.active.needsBalancer && this.polls % BALANCER_EVERY_N_POLLS === 0;
    // The node map follows a failover second by second, and exists only where the balancer said so.
    const b = this.ctx.balancer;
    const wantNodes = this.behindBalancer && this.active.needsBalancer && b !== null && b.ok && b.value.nodeControl === true;
    this.polls++;
    const [stats, balancer, nodes] = await Promise.all([
      teacherApi.stats(),
      wantBalancer ? teacherApi.balancerStatus() : Promise.resolve(null),
      wantNodes ? teacherApi.nodes(this.ctx.teacherToken) : Promise.resolve(null),
    ]);
    this.ctx = {
      ...this.ctx,
      stats: stats.ok ? stats.value : this.ctx.stats,
      balancer: balancer ?? this.ctx.balancer,
      nodes: nodes ?? this.ctx.nodes,
      nowEpochMs: Date.now(),
    };
    this.active.update(this.ctx);
  }

  /** Asks again now (after a node action, so the map shows "draining" without waiting a second). */
  refresh(): void {
    this.poller.now();
  }
}
