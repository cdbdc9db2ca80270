import { el, setText } from './dom';

/** A banner across the top for connection trouble, and a short toast when it is over. */
export class StatusBanner {
  private readonly banner = el('div', { class: 'banner', role: 'status', hidden: '', 'data-testid': 'status-banner' });
  private readonly toast = el('div', { class: 'toast', role: 'status', hidden: '', 'data-testid': 'toast' });
  private toastTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(parent: HTMLElement) {
    parent.append(this.banner, this.toast);
  }

  show(text: string): void {
    setText(this.banner, text);
    this.banner.hidden = false;
  }

  hide(): void {
    this.banner.hidden = true;
  }

  flash(text: string, ms = 3000): void {
    setText(this.toast, text);
    this.toast.hidden = false;
    if (this.toastTimer !== null) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast.hidden = true), ms);
  }
}
