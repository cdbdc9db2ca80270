import { el, setText } from '../ui/dom';
import { t } from '../ui/i18n';
import { RemovedList } from './removed-list';
import type { Act } from './room-controls';
import { RosterRow } from './roster-row';
import type { RoomView } from './teacher-api';
import { tr } from './tr';

/** Who is in the room, live: one keyed row per player, sorted by score. */
export class RosterTable {
  readonly root: HTMLElement;
  private readonly title = el('h2');
  private readonly body = el('tbody', { 'data-testid': 'roster' });
  private readonly empty = tr('p', 'noPlayers', { class: 'muted', 'data-testid': 'roster-empty' });
  private readonly rows = new Map<number, RosterRow>();
  private readonly removed: RemovedList;

  constructor(private readonly act: Act) {
    const head = el('tr');
    for (const key of ['colName', 'colScore', 'colDeliveries', 'colConnection', 'colNode', 'colActions'] as const) head.append(tr('th', key));
    this.removed = new RemovedList(act);
    // The table scrolls sideways in its card: on a phone a row is wider than the screen, and the
    // actions at its end were cut off out of reach.
    const table = el('table', { class: 'roster' }, el('thead', {}, head), this.body);
    this.root = el('section', { class: 'card roster-card' }, this.title, el('div', { class: 'table-scroll' }, table), this.empty, this.removed.root);
  }

  update(view: RoomView): void {
    setText(this.title, t('rosterTitle', { n: view.players.length, cap: view.capacity }));
    const seen = new Set<number>();
    const sorted = [...view.players].sort((a, b) => b.score - a.score || a.id - b.id);
    for (const [index, entry] of sorted.entries()) {
      seen.add(entry.id);
      let row = this.rows.get(entry.id);
      if (row === undefined) {
        row = new RosterRow(entry, this.act);
        this.rows.set(entry.id, row);
      } else {
        row.update(entry);
      }
      // Move a row only when it is out of place: moving a focused select would blur it.
      const here = this.body.children.item(index);
      if (here !== row.root) this.body.insertBefore(row.root, here);
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.root.remove();
        this.rows.delete(id);
      }
    }
    this.empty.hidden = view.players.length > 0;
    this.removed.update(view);
  }
}
