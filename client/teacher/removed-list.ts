import { el, setText } from '../ui/dom';
import { t } from '../ui/i18n';
import type { Act } from './room-controls';
import type { RoomView } from './teacher-api';
import { tr } from './tr';

/**
 * Students the teacher removed, who stay out of this room (their browser's id is refused) until
 * the teacher lets them back in. Hidden while nobody is kept out.
 */
export class RemovedList {
  readonly root: HTMLElement;
  private readonly list = el('ul', { class: 'removed-list', 'data-testid': 'removed-list' });
  private shown = '';

  constructor(private readonly act: Act) {
    this.root = el('div', { class: 'removed', hidden: '', 'data-testid': 'removed' }, tr('h4', 'removedTitle'), tr('p', 'removedNote', { class: 'note' }), this.list);
  }

  update(view: RoomView): void {
    this.root.hidden = view.removed.length === 0;
    // Rebuilt only when the list (or the language) changed: a click never lands on a new button.
    const key = `${t('letBackIn')}|${view.removed.map((r) => `${r.id}:${r.name}`).join(',')}`;
    if (key === this.shown) return;
    this.shown = key;
    this.list.replaceChildren(
      ...view.removed.map((r) => {
        const button = el('button', { type: 'button', class: 'chip small', 'data-testid': 'let-back-in' });
        setText(button, t('letBackIn'));
        button.addEventListener('click', () => {
          button.disabled = true;
          void this.act({ action: 'readmit', removalId: r.id }).finally(() => (button.disabled = false));
        });
        // Names are text, never HTML (el() sets textContent).
        return el('li', { 'data-removal-id': String(r.id) }, el('span', { class: 'who' }, r.name), button);
      }),
    );
  }
}
