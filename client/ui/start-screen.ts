import { el, setText } from './dom';
import { onLangChange, t, type MessageKey } from './i18n';

export interface StartScreenHandlers {
  create(name: string): void;
  join(code: string, name: string): void;
}

/** The first screen: a name, then create a room or join one by code. */
export class StartScreen {
  readonly root: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly createButton: HTMLButtonElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly message: HTMLElement;
  private readonly labels: [HTMLElement, MessageKey][] = [];
  private errorKey: MessageKey | null = null;
  private errorParams: Record<string, string> | undefined;

  constructor(parent: HTMLElement, handlers: StartScreenHandlers) {
    const label = <E extends HTMLElement>(key: MessageKey, node: E): E => {
      this.labels.push([node, key]);
      return node;
    };
    this.nameInput = el('input', { id: 'name', maxlength: '16', autocomplete: 'nickname', 'data-testid': 'name-input' });
    this.codeInput = el('input', { id: 'code', maxlength: '12', autocomplete: 'off', autocapitalize: 'characters', 'data-testid': 'code-input' });
    this.createButton = label('createRoom', el('button', { type: 'button', class: 'secondary', 'data-testid': 'create-room' }));
    this.joinButton = label('joinRoom', el('button', { type: 'submit', 'data-testid': 'join-room' }));
    this.message = el('p', { class: 'message', role: 'alert', 'data-testid': 'start-message' });
    const form = el(
      'form',
      { class: 'card' },
      label('title', el('h1')),
      label('tagline', el('p', { class: 'tagline' })),
      label('nameLabel', el('label', { for: 'name' })),
      this.nameInput,
      el('div', { class: 'join-row' }, el('div', { class: 'grow' }, label('codeLabel', el('label', { for: 'code' })), this.codeInput), this.joinButton),
      el('div', { class: 'divider' }, label('or', el('span'))),
      this.createButton,
      this.message,
    );
    this.root = el('section', { class: 'start-screen', 'data-testid': 'start-screen' }, form);
    parent.append(this.root);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = this.name();
      if (name === null) return;
      const code = this.codeInput.value.trim().toUpperCase();
      if (code.length === 0) {
        this.showError('needCode');
        this.codeInput.focus();
        return;
      }
      handlers.join(code, name);
    });
    this.createButton.addEventListener('click', () => {
      const name = this.name();
      if (name !== null) handlers.create(name);
    });
    onLangChange(() => this.translate());
    this.translate();
  }

  prefill(code: string | null, name: string | null): void {
    if (code !== null) this.codeInput.value = code.toUpperCase();
    if (name !== null) this.nameInput.value = name;
  }

  show(): void {
    this.root.hidden = false;
    this.setBusy(false);
    (this.nameInput.value === '' ? this.nameInput : this.codeInput).focus();
  }

  hide(): void {
    this.root.hidden = true;
  }

  setBusy(busy: boolean): void {
    this.createButton.disabled = busy;
    this.joinButton.disabled = busy;
    if (busy) {
      this.errorKey = 'joining';
      this.errorParams = undefined;
      this.message.classList.remove('error');
      setText(this.message, t('joining'));
    } else if (this.errorKey === 'joining') {
      this.errorKey = null;
      setText(this.message, '');
    }
  }

  showError(key: MessageKey, params?: Record<string, string>): void {
    this.errorKey = key;
    this.errorParams = params;
    this.message.classList.add('error');
    setText(this.message, t(key, params));
  }

  private name(): string | null {
    const name = this.nameInput.value.trim();
    if (name.length === 0) {
      this.showError('needName');
      this.nameInput.focus();
      return null;
    }
    return name;
  }

  private translate(): void {
    for (const [node, key] of this.labels) setText(node, t(key));
    this.nameInput.placeholder = t('namePlaceholder');
    this.codeInput.placeholder = t('codePlaceholder');
    if (this.errorKey !== null) setText(this.message, t(this.errorKey, this.errorParams));
  }
}
