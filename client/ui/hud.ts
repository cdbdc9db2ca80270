import { MAX_CARRY, Phase } from '../../shared/sim/constants';
import { el, setText } from './dom';
import { t } from './i18n';

export interface HudModel {
  room: string;
  score: number;
  carrying: number;
  phase: number;
  round: number;
  /** Seconds left in the phase, or -1 when it has no end (lobby). */
  secondsLeft: number;
}

/** The top bar: room, score, pizzas carried, round and time left, plus a hint line. */
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
  private readonly hint = el('div', { class: 'hint' });
  private readonly slots: HTMLElement[] = [];

  constructor(parent: HTMLElement) {
    for (let i = 0; i < MAX_CARRY; i++) this.slots.push(el('span', { class: 'pizza-slot' }));
    this.pizzas.append(...this.slots);
    this.root = el(
      'div',
      { class: 'hud', hidden: '' },
      el(
        'div',
        { class: 'hud-bar' },
        el('div', { class: 'stat' }, this.roomLabel, this.room),
        el('div', { class: 'stat' }, this.scoreLabel, this.score),
        el('div', { class: 'stat' }, this.pizzasLabel, this.pizzas),
        el('div', { class: 'stat' }, this.phase, this.timer),
      ),
      this.hint,
    );
    parent.append(this.root);
  }

  show(visible: boolean): void {
    this.root.hidden = !visible;
  }

  update(m: HudModel): void {
    setText(this.roomLabel, t('room'));
    setText(this.room, m.room);
    setText(this.scoreLabel, t('score'));
    setText(this.score, String(m.score));
    setText(this.pizzasLabel, t('carrying'));
    this.pizzas.dataset.count = String(m.carrying);
    for (let i = 0; i < this.slots.length; i++) this.slots[i].classList.toggle('full', i < m.carrying);
    const phaseText =
      m.phase === Phase.Playing ? t('phasePlaying', { round: m.round }) : m.phase === Phase.Results ? t('phaseResults') : t('phaseLobby');
    setText(this.phase, phaseText);
    setText(this.timer, m.secondsLeft < 0 ? '–' : formatClock(m.secondsLeft));
    this.timer.classList.toggle('urgent', m.phase === Phase.Playing && m.secondsLeft >= 0 && m.secondsLeft <= 10);
    setText(this.hint, m.phase === Phase.Playing ? (m.carrying > 0 ? t('goDeliver') : t('goShop')) : t('controlsHint'));
  }
}

export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
