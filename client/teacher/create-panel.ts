import { el, setText } from '../ui/dom';
import { t, type MessageKey } from '../ui/i18n';
import { tr } from './tr';

/**
 * The first card: "open a classroom room", with the teacher password field only when the
 * server asks for one (TEACHER_PASSWORD, reported by /api/join-info).
 */
export class CreatePanel {
  readonly root: HTMLElement;
  private readonly password = el('input', { id: 'teacher-password', type: 'password', autocomplete: 'current-password', 'data-testid': 'teacher-password' });
  private readonly passwordLabel = tr('label', 'passwordLabel', { for: 'teacher-password' });
  private readonly button = tr('button', 'createClassroom', { type: 'submit', 'data-testid': 'create-classroom' });
  private readonly message = el('p', { class: 'message', role: 'alert', 'data-testid': 'create-message' });
  private shown: { key: MessageKey; params?: Record<string, string> } | null = null;

  constructor(onCreate: (password: string) => void) {
    const form = el(
      'form',
      { class: 'card create-card' },
      tr('h1', 'teacherTitle'),
      tr('p', 'teacherIntro', { class: 'tagline' }),
      this.passwordLabel,
      this.password,
      this.button,
      this.message,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onCreate(this.password.value);
    });
    this.root = el('section', { class: 'create-screen', 'data-testid': 'create-panel' }, form);
  }

  /** Shows the password field (true), or hides and clears it (false). */
  setPasswordRequired(required: boolean): void {
    this.passwordLabel.hidden = !required;
    this.password.hidden = !required;
    if (!required) this.password.value = '';
    else this.password.focus();
  }

  setBusy(busy: boolean): void {
    this.button.disabled = busy;
    if (busy) this.showMessage('creating', undefined, false);
  }

  showMessage(key: MessageKey, params?: Record<string, string>, error = true): void {
    this.shown = { key, params };
    this.message.classList.toggle('error', error);
    setText(this.message, t(key, params));
  }

  clearMessage(): void {
    this.shown = null;
    setText(this.message, '');
  }

  translate(): void {
    if (this.shown !== null) setText(this.message, t(this.shown.key, this.shown.params));
  }
}
