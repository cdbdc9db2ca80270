import { el, setText } from '../ui/dom';
import { t } from '../ui/i18n';
import { CLEAR_CONDITIONS, CONDITION_PRESETS, isClear, presetOf } from './conditions-presets';
import type { Act } from './room-controls';
import type { RosterEntry } from './teacher-api';

/**
 * One player's row, built once and updated in place each poll: rebuilding would steal focus
 * from the select and make a click land on a row that was just replaced.
 */
export class RosterRow {
  readonly root: HTMLTableRowElement;
  private readonly name = el('span', { class: 'who', 'data-testid': 'roster-name' });
  private readonly badge = el('span', { class: 'badge', hidden: '', 'data-testid': 'bot-badge' });
  private readonly score = el('td', { class: 'num' });
  private readonly deliveries = el('td', { class: 'num' });
  private readonly connection = el('td', { 'data-testid': 'roster-connection' });
  private readonly node = el('td', { class: 'node' });
  private readonly conditions = el('select', { class: 'conditions', 'data-testid': 'player-conditions' });
  private readonly custom = el('option', { value: 'custom', disabled: '' });
  private readonly clear = el('button', { type: 'button', class: 'chip small clear', 'data-testid': 'player-clear' });
  private readonly kick = el('button', { type: 'button', class: 'chip small danger', 'data-testid': 'kick' });
  private entry: RosterEntry;

  constructor(entry: RosterEntry, act: Act) {
    this.entry = entry;
    for (const preset of CONDITION_PRESETS) this.conditions.append(el('option', { value: preset.id }));
    this.conditions.append(this.custom);
    this.conditions.addEventListener('change', () => {
      const preset = CONDITION_PRESETS.find((p) => p.id === this.conditions.value);
      if (preset !== undefined) void act({ action: 'conditions', playerId: this.entry.id, conditions: preset.conditions });
    });
    this.clear.addEventListener('click', () => void act({ action: 'conditions', playerId: this.entry.id, conditions: CLEAR_CONDITIONS }));
    this.kick.addEventListener('click', () => void act({ action: 'kick', playerId: this.entry.id }));
    this.root = el(
      'tr',
      { 'data-testid': 'roster-row' },
      el('td', {}, this.name, this.badge),
      this.score,
      this.deliveries,
      this.connection,
      this.node,
      el('td', { class: 'actions' }, this.conditions, this.clear, this.kick),
    );
    this.update(entry);
  }

  update(entry: RosterEntry): void {
    this.entry = entry;
    this.root.dataset.playerId = String(entry.id);
    this.root.dataset.bot = String(entry.bot);
    // Names are text, never HTML (design.md, Security): setText writes textContent.
    setText(this.name, entry.name);
    this.badge.hidden = !entry.bot;
    setText(this.badge, t('botBadge'));
    setText(this.score, String(entry.score));
    setText(this.deliveries, String(entry.deliveries));
    const rtt = entry.rttMs === null ? '' : ` · ${Math.round(entry.rttMs)} ms`;
    setText(this.connection, `${t(entry.connected ? 'online' : 'offline')}${rtt}`);
    this.connection.classList.toggle('offline', !entry.connected);
    setText(this.node, entry.node);
    for (const option of this.conditions.options) {
      const preset = CONDITION_PRESETS.find((p) => p.id === option.value);
      setText(option, preset === undefined ? t('conditionsNow', conditionParams(entry)) : t(preset.label));
    }
    if (document.activeElement !== this.conditions) this.conditions.value = presetOf(entry.conditions) ?? 'custom';
    this.clear.disabled = isClear(entry.conditions);
    setText(this.clear, t('clearConditions'));
    setText(this.kick, t('kick'));
  }
}

function conditionParams(entry: RosterEntry): Record<string, number> {
  const c = entry.conditions;
  return { latency: c?.latencyMs ?? 0, jitter: c?.jitterMs ?? 0, loss: c?.lossPct ?? 0 };
}
