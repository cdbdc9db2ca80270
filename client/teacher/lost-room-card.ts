import { el, setText } from '../ui/dom';
import { t, type MessageKey } from '../ui/i18n';
import { tr } from './tr';

/**
 * Shown in place of the room's controls when the room is gone (its node crashed with nothing
 * saved, or it closed): says so, and opens a fresh room for the class in one click.
 */
export class LostRoomCard {
  readonly root: HTMLElement;
  private readonly text = el('p', { class: 'lost-text', 'data-testid': 'lost-room-text' });
  private readonly button = tr('button', 'openFreshRoom', { type: 'button', 'data-testid': 'open-fresh-room' });
  private readonly message = el('p', { class: 'message error', role: 'alert', 'data-testid': 'lost-room-message' });
  private code = '';
  private shownMessage: { key: MessageKey; params?: Record<string, string> } | null = null;

  constructor(onFresh: () => void) {
    this.button.addEventListener('click', () => onFresh());
    this.root = el('section', { class: 'card lost-card', role: 'alert', hidden: '', 'data-testid': 'lost-room' }, tr('h2', 'lostRoomTitle'), this.text, this.button, this.message);
  }

  show(code: string): void {
    this.code = code;
    this.root.hidden = false;
    this.showMessage(null);
    this.translate();
    this.button.focus();
  }

  setBusy(busy: boolean): void {
    this.button.disabled = busy;
  }

  showMessage(message: { key: MessageKey; params?: Record<string, string> } | null): void {
    this.shownMessage = message;
    setText(this.message, message === null ? '' : t(message.key, message.params));
  }

  translate(): void {
    setText(this.text, t('lostRoomText', { code: this.code }));
    if (this.shownMessage !== null) setText(this.message, t(this.shownMessage.key, this.shownMessage.params));
  }
}
