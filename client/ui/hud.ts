import { MAX_CARRY, Phase } from '../../shared/sim/constants';
import { el, setText } from './dom';
import { formatClock, phaseLabel } from './format-clock';
import { t } from './i18n';

export interface HudModel {
  room: string;
  score: number;
  carrying: number;
  phase: number;
  round: number;
  /** Seconds left in the phase, or -1 when it has no end (lobby). */
  secondsLeft: number;
  /** The room's rounds wait for the teacher (a classroom), not a countdown. */
  teacherStarts: boolean;
  /** A touch screen (the stick) rather than keys: the lobby line says how to ride with it. */
  touch: boolean;
}

/** CSS variable holding the strip's height, which the game canvas starts below. */
export const HUD_HEIGHT_VAR = '--hud-h';
const ACTIONS_WIDTH_VAR = '--actions-w';

/**
 * The HUD: a strip along the top edge with the room, score, pizzas carried, round and time
 * left, and a line saying what to do next. It sits above the game, not over it (issue 12: it
 * used to cover the map's top-left corner): its height goes into HUD_HEIGHT_VAR, and the page
 * lays the canvas out below it. The top-right buttons keep their room in the strip
 * (ACTIONS_WIDTH_VAR, measured).
 */
export class Hud {
  readonly root: HTMLElement;
  private readonly room = el('span', { class: 'value', 'data-testid': 'hud-room' });
  private readonly roomLabel = el('span', { class: 'label' });
  private readonly score = el('span', { class: 'value', 'data-testid': 'hud-score' });
  private readonly scoreLabel = el('span', { class: 'label' });
  private readonly pizzas = el('span', { class: 'pizzas', 'data-testid': 'hud-carrying' });
  private readonly pizzasLabel = el('span', { class: 'label' });
  private readonly phase = el('span', { class: 'label' });
  private readonly timer = el('span', { class: 'value timer', 'data-testid': 'hud-timer' });
  private readonly goal = el('div', { class: 'goal', 'data-testid': 'hud-goal' });
  private readonly slots: HTMLElement[] = [];
  private lastScore = Number.NaN;

  constructor(
    parent: HTMLElement,
    private readonly doc: Document = parent.ownerDocument,
  ) {
    for (let i = 0; i < MAX_CARRY; i++) this.slots.push(el('span', { class: 'pizza-slot' }));
    this.pizzas.append(...this.slots);
    this.root = el(
      'div',
      { class: 'hud', hidden: '', 'data-testid': 'hud' },
      el(
        'div',
        { class: 'hud-bar' },
        el('div', { class: 'stat' }, this.roomLabel, this.room),
        el('div', { class: 'stat score' }, this.scoreLabel, this.score),
        el('div', { class: 'stat' }, this.pizzasLabel, this.pizzas),
        el('div', { class: 'stat' }, this.phase, this.timer),
      ),
      this.goal,
    );
    parent.append(this.root);
    const view = this.doc.defaultView;
    if (view !== null && 'ResizeObserver' in view) new view.ResizeObserver(() => this.publishHeight()).observe(this.root);
  }

  /** Keeps the strip clear of the top-right buttons, whatever their width in this language. */
  reserveFor(actions: HTMLElement): void {
    const view = this.doc.defaultView;
    const publish = () => this.root.style.setProperty(ACTIONS_WIDTH_VAR, `${actions.getBoundingClientRect().width}px`);
    if (view !== null && 'ResizeObserver' in view) new view.ResizeObserver(publish).observe(actions);
    publish();
  }

  show(visible: boolean): void {
    this.root.hidden = !visible;
    this.publishHeight();
  }

  update(m: HudModel): void {
    setText(this.roomLabel, t('room'));
    setText(this.room, m.room);
    setText(this.scoreLabel, t('score'));
    setText(this.score, String(m.score));
    // A rising score pops (the canvas shows the points at the house; this is where they go).
    if (m.score > this.lastScore && m.phase === Phase.Playing) {
      this.score.classList.remove('bump');
      void this.score.offsetWidth;
      this.score.classList.add('bump');
    }
    this.lastScore = m.score;
    setText(this.pizzasLabel, t('carrying'));
    this.pizzas.dataset.count = String(m.carrying);
    for (let i = 0; i < this.slots.length; i++) this.slots[i].classList.toggle('full', i < m.carrying);
    setText(this.phase, phaseLabel(m.phase, m.round));
    setText(this.timer, m.secondsLeft < 0 ? '–' : formatClock(m.secondsLeft));
    this.timer.classList.toggle('urgent', m.phase === Phase.Playing && m.secondsLeft >= 0 && m.secondsLeft <= 10);
    // A classroom's lobby lasts until the teacher starts: say so, or students wait on a "–".
    const idle = m.phase === Phase.Lobby && m.teacherStarts ? t('waitingForTeacher') : m.touch ? t('controlsHintTouch') : t('controlsHint');
    setText(this.goal, m.phase === Phase.Playing ? (m.carrying > 0 ? t('goDeliver') : t('goShop')) : idle);
  }

  private publishHeight(): void {
    const height = this.root.hidden ? 0 : this.root.getBoundingClientRect().height;
    this.doc.documentElement.style.setProperty(HUD_HEIGHT_VAR, `${Math.ceil(height)}px`);
  }
}
