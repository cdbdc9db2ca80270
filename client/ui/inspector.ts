import type { GameSession } from '../net/game-session';
import { MAX_SIMULATED_LATENCY_MS } from '../net/lag-simulator';
import { el, setText } from './dom';
import { onLangChange, t, type MessageKey } from './i18n';
import { describeConditions } from './imposed-conditions-banner';
import { LessonLine } from './lesson-line';

/** Rows of numbers, by key; each has a data-testid so tests can read them. */
const ROWS: MessageKey[] = [
  'node',
  'owner',
  'rtt',
  'tick',
  'tickRate',
  'snapshotRate',
  'bytesIn',
  'bytesOut',
  'interpDelay',
  'extrapolating',
  'pendingInputs',
  'corrections',
  'imposed',
];

/**
 * The network inspector overlay (issue #4): live numbers from the session and the controls a
 * class plays with — prediction and interpolation on/off, simulated latency and loss.
 */
export class Inspector {
  readonly root: HTMLElement;
  readonly toggleButton: HTMLButtonElement;
  private readonly values = new Map<MessageKey, HTMLElement>();
  private readonly labels: [HTMLElement, MessageKey][] = [];
  private readonly prediction = el('input', { type: 'checkbox', checked: '', 'data-testid': 'toggle-prediction' });
  private readonly interpolation = el('input', { type: 'checkbox', checked: '', 'data-testid': 'toggle-interpolation' });
  private readonly latency = el('input', { type: 'range', min: '0', max: String(MAX_SIMULATED_LATENCY_MS), step: '10', value: '0', 'data-testid': 'sim-latency' });
  private readonly loss = el('input', { type: 'range', min: '0', max: '50', step: '5', value: '0', 'data-testid': 'sim-loss' });
  private readonly latencyValue = el('span', { class: 'num' });
  private readonly lossValue = el('span', { class: 'num' });
  private readonly title = el('h2');
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(parent: HTMLElement, private readonly session: GameSession) {
    const label = <E extends HTMLElement>(key: MessageKey, node: E): E => {
      this.labels.push([node, key]);
      return node;
    };
    const table = el('dl');
    for (const key of ROWS) {
      const value = el('dd', { 'data-testid': `inspector-${key}` });
      this.values.set(key, value);
      table.append(label(key, el('dt')), value);
    }
    const controls = el(
      'div',
      { class: 'controls' },
      el('label', { class: 'check' }, this.prediction, label('prediction', el('span'))),
      el('label', { class: 'check' }, this.interpolation, label('interpolation', el('span'))),
      el('label', { class: 'slider' }, label('simLatency', el('span')), this.latency, this.latencyValue),
      el('label', { class: 'slider' }, label('simLoss', el('span')), this.loss, this.lossValue),
    );
    this.root = el('aside', { class: 'inspector', hidden: '', 'data-testid': 'inspector' }, this.title, table, controls, new LessonLine(session).root);
    this.toggleButton = label('inspector', el('button', { type: 'button', class: 'chip', 'data-testid': 'inspector-button' }));
    this.toggleButton.addEventListener('click', () => this.toggle());
    parent.append(this.root);

    this.prediction.addEventListener('change', () => session.setPrediction(this.prediction.checked));
    this.interpolation.addEventListener('change', () => (session.interpolationEnabled = this.interpolation.checked));
    this.latency.addEventListener('input', () => (session.lag.latencyMs = Number(this.latency.value)));
    this.loss.addEventListener('input', () => (session.lag.lossFraction = Number(this.loss.value) / 100));
    onLangChange(() => this.translate());
    this.translate();
  }

  get open(): boolean {
    return !this.root.hidden;
  }

  toggle(): void {
    this.root.hidden = !this.root.hidden;
    this.toggleButton.classList.toggle('active', this.open);
    if (this.open) {
      this.refresh();
      // A few refreshes a second are enough to read and cost nothing while closed.
      this.timer = setInterval(() => this.refresh(), 250);
    } else if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private refresh(): void {
    const s = this.session;
    const c = s.connection;
    const state = s.state;
    const set = (key: MessageKey, text: string) => {
      const node = this.values.get(key);
      if (node !== undefined) setText(node, text);
    };
    set('node', c.welcome?.nodeId ?? '–');
    // In a cluster the room may be ticked by another node than the one this socket is on.
    set('owner', c.welcome?.ownerNodeId ?? '–');
    set('rtt', Number.isNaN(c.rttMs) ? '–' : `${Math.round(c.rttMs)} ms`);
    set('tick', state === null ? '–' : String(state.tick));
    set('tickRate', `${s.tickRate.perSecond.toFixed(1)}${t('perSecond')}`);
    set('snapshotRate', `${s.snapshotRate.perSecond.toFixed(1)}${t('perSecond')}`);
    set('bytesIn', formatBytesPerSecond(s.bytesInRate.perSecond));
    set('bytesOut', formatBytesPerSecond(s.bytesOutRate.perSecond));
    set('interpDelay', s.interpolationEnabled ? `${Math.round(s.interpolationDelayMs)} ms` : t('off'));
    set('extrapolating', s.sample.extrapolatedTicks > 0 ? `${(s.sample.extrapolatedTicks * s.tickMs).toFixed(0)} ms` : '0');
    set('pendingInputs', s.predictionEnabled ? String(s.predictor?.pending ?? 0) : t('off'));
    // Corrections: reconciliations that moved the predicted own scooter, and the largest move.
    set('corrections', s.predictionEnabled ? t('correctionsValue', { n: s.corrections, tiles: s.maxCorrectionTiles.toFixed(2) }) : t('off'));
    // What the teacher put on this connection, server-side (the sliders below are this page's own).
    const imposed = c.imposedConditions;
    set('imposed', imposed === null ? t('imposedNone') : describeConditions(imposed));
    setText(this.latencyValue, `${s.lag.latencyMs} ms`);
    setText(this.lossValue, `${Math.round(s.lag.lossFraction * 100)}%`);
  }

  private translate(): void {
    setText(this.title, t('inspectorTitle'));
    for (const [node, key] of this.labels) setText(node, t(key));
    if (this.open) this.refresh();
  }
}

function formatBytesPerSecond(bytes: number): string {
  return bytes >= 10_000 ? `${(bytes / 1000).toFixed(1)} kB/s` : `${Math.round(bytes)} B/s`;
}
