import { el, setText } from '../../ui/dom';
import type { MessageKey } from '../../ui/i18n';
import { tr } from '../tr';

/** A big number with a label under it, the panels' basic unit. */
export class StatBox {
  readonly root: HTMLElement;
  private readonly value: HTMLElement;

  constructor(label: MessageKey, testId?: string) {
    this.value = el('div', { class: 'value', ...(testId === undefined ? {} : { 'data-testid': testId }) }, '–');
    this.root = el('div', { class: 'stat-box' }, this.value, tr('div', label, { class: 'label' }));
  }

  set(text: string): void {
    setText(this.value, text);
  }
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 10_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}

export function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) ? perSecond.toFixed(perSecond < 10 ? 1 : 0) : '–';
}

/** Replaces a table body's rows with text cells (values are text, never HTML). */
export function fillRows(body: HTMLTableSectionElement, rows: string[][]): void {
  body.replaceChildren(...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c)))));
}

export function tableWith(headers: MessageKey[], body: HTMLTableSectionElement): HTMLTableElement {
  const head = el('tr');
  for (const h of headers) head.append(tr('th', h));
  return el('table', { class: 'live-table' }, el('thead', {}, head), body);
}
