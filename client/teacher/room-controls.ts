import { el, setText } from '../ui/dom';
import { t } from '../ui/i18n';
import { CLEAR_CONDITIONS, CONDITION_PRESETS, isClear, presetOf } from './conditions-presets';
import type { RoomView, TeacherAction } from './teacher-api';
import { tr } from './tr';

export type Act = (action: TeacherAction) => Promise<void>;

const MIN_ROUND_S = 10;
const MAX_ROUND_S = 3600;

/** Round, lock, bots and node-wide network conditions: the teacher's main buttons. */
export class RoomControls {
  readonly root: HTMLElement;
  private readonly phase = el('div', { class: 'phase-line', 'data-testid': 'phase-line' });
  private readonly roundSeconds = el('input', { id: 'round-seconds', type: 'number', min: String(MIN_ROUND_S), max: String(MAX_ROUND_S), step: '10', 'data-testid': 'round-seconds' });
  private readonly startButton = el('button', { type: 'button', 'data-testid': 'start-round' });
  /** Restarting a running round wipes the scores: it asks first, in place (no blocking dialog). */
  private readonly confirmRow = el('div', { class: 'row confirm', hidden: '', 'data-testid': 'restart-confirm' });
  private readonly confirmText = el('span', { class: 'confirm-text' });
  private readonly confirmYes = el('button', { type: 'button', class: 'danger', 'data-testid': 'restart-yes' });
  private readonly confirmNo = el('button', { type: 'button', class: 'chip', 'data-testid': 'restart-no' });
  private readonly endButton = tr('button', 'endRound', { type: 'button', class: 'danger', 'data-testid': 'end-round' });
  private readonly lockState = el('span', { class: 'state', 'data-testid': 'lock-state' });
  private readonly lockButton = el('button', { type: 'button', class: 'chip', 'data-testid': 'lock-toggle' });
  private readonly botCount = el('span', { class: 'state', 'data-testid': 'bot-count' });
  private readonly conditionsState = el('span', { class: 'state', 'data-testid': 'node-conditions' });
  private readonly presetButtons = new Map<string, HTMLButtonElement>();
  private view: RoomView | null = null;
  private roundSecondsTouched = false;

  constructor(act: Act) {
    const botButton = (key: 'addOneBot' | 'addTwoBots' | 'removeOneBot', testId: string, action: TeacherAction) => {
      const b = tr('button', key, { type: 'button', class: 'chip', 'data-testid': testId });
      b.addEventListener('click', () => void act(action));
      return b;
    };
    const presets = el('div', { class: 'row wrap' });
    for (const preset of CONDITION_PRESETS) {
      const b = tr('button', preset.id === 'none' ? 'clearConditions' : preset.label, { type: 'button', class: preset.id === 'none' ? 'chip clear' : 'chip', 'data-testid': `node-preset-${preset.id}` });
      b.addEventListener('click', () => void act({ action: 'conditions', conditions: preset.id === 'none' ? CLEAR_CONDITIONS : preset.conditions }));
      this.presetButtons.set(preset.id, b);
      presets.append(b);
    }
    this.roundSeconds.addEventListener('input', () => (this.roundSecondsTouched = true));
    const start = (restart: boolean) => {
      const seconds = Math.round(Number(this.roundSeconds.value));
      const roundSeconds = Number.isFinite(seconds) ? Math.min(MAX_ROUND_S, Math.max(MIN_ROUND_S, seconds)) : undefined;
      void act({ action: 'start', roundSeconds, ...(restart ? { restart: true } : {}) });
    };
    this.startButton.addEventListener('click', () => {
      if (this.view?.phase !== 'playing') start(false);
      else this.setConfirming(true);
    });
    this.confirmYes.addEventListener('click', () => {
      this.setConfirming(false);
      start(true);
    });
    this.confirmNo.addEventListener('click', () => this.setConfirming(false));
    this.confirmRow.append(this.confirmText, this.confirmYes, this.confirmNo);
    this.endButton.addEventListener('click', () => void act({ action: 'end' }));
    this.lockButton.addEventListener('click', () => void act({ action: this.view?.locked === true ? 'unlock' : 'lock' }));

    this.root = el(
      'section',
      { class: 'card controls-card', 'data-testid': 'room-controls' },
      this.phase,
      el('div', { class: 'row' }, el('label', { class: 'inline', for: 'round-seconds' }, tr('span', 'roundLength'), this.roundSeconds), this.startButton, this.endButton),
      this.confirmRow,
      el('div', { class: 'row' }, this.lockState, this.lockButton),
      el('div', { class: 'row' }, this.botCount, botButton('addOneBot', 'add-bot', { action: 'bots', add: 1 }), botButton('addTwoBots', 'add-two-bots', { action: 'bots', add: 2 }), botButton('removeOneBot', 'remove-bot', { action: 'bots', remove: 1 })),
      el('div', { class: 'sub' }, tr('span', 'nodeConditions', { class: 'label' }), this.conditionsState),
      presets,
    );
  }

  update(view: RoomView): void {
    this.view = view;
    const phaseText =
      view.phase === 'playing'
        ? t('phaseNamePlaying', { round: view.round, s: Math.max(0, Math.ceil(view.roundSecondsLeft)) })
        : view.phase === 'results'
          ? t('phaseNameResults', { round: view.round })
          : t('phaseNameLobby');
    setText(this.phase, phaseText);
    this.phase.dataset.phase = view.phase;
    // The input follows the server until the teacher types a length of their own.
    if (!this.roundSecondsTouched && this.roundSeconds.value !== String(view.roundSeconds)) this.roundSeconds.value = String(view.roundSeconds);
    this.endButton.disabled = view.phase !== 'playing';
    // While a round runs the button restarts it (after asking); it never restarts silently.
    const running = view.phase === 'playing';
    setText(this.startButton, t(running ? 'restartRound' : 'startRound'));
    this.startButton.dataset.mode = running ? 'restart' : 'start';
    this.startButton.classList.toggle('restart', running);
    if (!running) this.setConfirming(false);
    else setText(this.confirmText, t('restartConfirm', { round: view.round }));
    setText(this.confirmYes, t('restartYes'));
    setText(this.confirmNo, t('cancel'));
    setText(this.lockState, t(view.locked ? 'stateLocked' : 'stateOpen'));
    this.lockState.classList.toggle('locked', view.locked);
    this.lockButton.dataset.locked = String(view.locked);
    setText(this.lockButton, t(view.locked ? 'unlockRoom' : 'lockRoom'));
    setText(this.botCount, t('botsCount', { n: view.bots }));
    const c = view.nodeConditions;
    setText(this.conditionsState, isClear(c) || c === null ? t('conditionsClear') : t('conditionsNow', { latency: c.latencyMs, jitter: c.jitterMs, loss: c.lossPct }));
    const active = presetOf(c);
    for (const [id, b] of this.presetButtons) b.classList.toggle('active', id === active && id !== 'none');
  }

  private setConfirming(on: boolean): void {
    this.confirmRow.hidden = !on;
    this.startButton.disabled = on;
    if (on) this.confirmNo.focus();
  }
}
