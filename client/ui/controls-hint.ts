import type { SteeringMode } from '../input/steering-mode';
import { el, setText } from './dom';
import { onLangChange, t, type MessageKey } from './i18n';

/** How long the hint stays fully visible after joining a room, then how long it fades. */
export const HINT_VISIBLE_MS = 8000;
export const HINT_FADE_MS = 900;

export type HintDevice = 'keys' | 'touch';

/**
 * The controls hint of the first seconds in a room (issue 12), in every room, free play
 * included: how to ride with what this device has (keys on a desktop, the stick on a touch
 * screen) in the current steering mode, what to do, and where the steering switch is. It shows
 * on each new room, not on a reconnect to the same one, and fades by itself; a tap dismisses
 * it early. `data-state` says where it is (shown / fading / gone) for tests.
 */
export class ControlsHint {
  readonly root: HTMLElement;
  private readonly title = el('h2');
  private readonly how = el('p', { class: 'hint-how', 'data-testid': 'controls-hint-how' });
  private readonly goal = el('p');
  private readonly extra = el('p', { class: 'hint-extra' });
  private readonly keys = el('div', { class: 'hint-keys', 'aria-hidden': 'true' });
  private device: HintDevice = 'keys';
  private mode: SteeringMode = 'point';
  private lastRoom: string | null = null;
  private fadeTimer: ReturnType<typeof setTimeout> | null = null;
  private goneTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(parent: HTMLElement) {
    this.root = el('section', { class: 'controls-hint', hidden: '', role: 'status', 'data-testid': 'controls-hint', 'data-state': 'gone' }, this.keys, this.title, this.how, this.goal, this.extra);
    this.root.addEventListener('pointerdown', () => this.dismiss());
    parent.append(this.root);
    onLangChange(() => this.render());
  }

  /** A welcome into `room`: shows the hint unless it already showed for this room. */
  showFor(room: string, device: HintDevice, mode: SteeringMode): void {
    this.device = device;
    this.mode = mode;
    this.render();
    if (room === this.lastRoom) return;
    this.lastRoom = room;
    this.clearTimers();
    this.root.hidden = false;
    this.root.dataset.state = 'shown';
    this.fadeTimer = setTimeout(() => this.fade(), HINT_VISIBLE_MS);
  }

  /** The steering switched while it is up: say the new way. */
  setMode(mode: SteeringMode): void {
    this.mode = mode;
    this.render();
  }

  hide(): void {
    this.clearTimers();
    this.root.hidden = true;
    this.root.dataset.state = 'gone';
  }

  /** Leaving the room: the next room shows the hint again, even the same code. */
  reset(): void {
    this.hide();
    this.lastRoom = null;
  }

  private dismiss(): void {
    if (this.root.dataset.state === 'shown') {
      this.clearTimers();
      this.fade();
    }
  }

  private fade(): void {
    this.root.dataset.state = 'fading';
    this.goneTimer = setTimeout(() => this.hide(), HINT_FADE_MS);
  }

  private clearTimers(): void {
    if (this.fadeTimer !== null) clearTimeout(this.fadeTimer);
    if (this.goneTimer !== null) clearTimeout(this.goneTimer);
    this.fadeTimer = null;
    this.goneTimer = null;
  }

  private render(): void {
    const touch = this.device === 'touch';
    const how: MessageKey = touch ? (this.mode === 'point' ? 'hintStickPoint' : 'hintStickTank') : this.mode === 'point' ? 'hintKeysPoint' : 'hintKeysTank';
    setText(this.title, t('hintTitle'));
    setText(this.how, t(how));
    setText(this.goal, t('hintGoal'));
    setText(this.extra, touch ? t('hintSteering') : `${t('hintInspector')} ${t('hintSteering')}`);
    this.root.dataset.device = this.device;
    this.root.dataset.mode = this.mode;
    // A picture of the controls: four key caps, or a stick with its knob pushed up-right.
    const wanted = touch ? 'stick' : 'keys';
    if (this.keys.dataset.kind !== wanted) {
      this.keys.dataset.kind = wanted;
      this.keys.replaceChildren(
        ...(touch
          ? [el('span', { class: 'hint-stick' }, el('span', { class: 'hint-knob' }))]
          : [el('span', { class: 'cap up' }, '↑'), el('span', { class: 'cap left' }, '←'), el('span', { class: 'cap down' }, '↓'), el('span', { class: 'cap right' }, '→')]),
      );
    }
  }
}
