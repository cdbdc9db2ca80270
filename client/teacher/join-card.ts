import { toCanvas } from 'qrcode';
import { el, setText } from '../ui/dom';
import { t } from '../ui/i18n';
import { JoinAddressReason, joinUrl, type JoinAddress } from './join-address';
import { tr } from './tr';

/** QR side in CSS pixels at normal size; projector mode scales the canvas up with CSS. */
const QR_SIZE_PX = 320;

/**
 * The room code, the join link and its QR code, drawn locally by the `qrcode` library (no
 * outside service sees the link). Projector mode blows code and QR up for the back row.
 */
export class JoinCard {
  readonly root: HTMLElement;
  readonly qr = el('canvas', { class: 'qr', 'data-testid': 'join-qr', width: String(QR_SIZE_PX), height: String(QR_SIZE_PX) });
  private readonly code = el('div', { class: 'room-code', 'data-testid': 'room-code' });
  private readonly link = el('a', { class: 'join-url', 'data-testid': 'join-url', target: '_blank', rel: 'noopener' });
  /** Which address students need and why, when it is not simply the one in the address bar. */
  private readonly note = el('p', { class: 'note join-note', 'data-testid': 'join-note', hidden: '' });
  private address: JoinAddress | null = null;
  private readonly copy = tr('button', 'copyLink', { type: 'button', class: 'chip' });
  readonly projectorButton = el('button', { type: 'button', class: 'chip', 'data-testid': 'projector-toggle' });
  private projector = false;

  constructor(private readonly doc: Document) {
    this.copy.addEventListener('click', () => {
      void navigator.clipboard?.writeText(this.link.href).then(() => setText(this.copy, t('copied')));
    });
    this.projectorButton.addEventListener('click', () => this.setProjector(!this.projector));
    this.root = el(
      'section',
      { class: 'card join-card', 'data-testid': 'join-card' },
      tr('div', 'codeLabel', { class: 'label' }),
      this.code,
      tr('div', 'scanToJoin', { class: 'label' }),
      this.qr,
      tr('div', 'joinAt', { class: 'label' }),
      this.link,
      this.note,
      el('div', { class: 'row' }, this.copy, this.projectorButton),
    );
    this.translate();
  }

  async show(code: string, address: JoinAddress): Promise<void> {
    const url = joinUrl(address, code);
    this.address = address;
    setText(this.code, code);
    this.link.href = url;
    setText(this.link, url);
    this.note.dataset.reason = address.reason;
    this.translate();
    // Error correction M: readable from the back of a room even with projector glare.
    await toCanvas(this.qr, url, { width: QR_SIZE_PX, margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
    this.qr.dataset.ready = 'true';
  }

  setProjector(on: boolean): void {
    this.projector = on;
    this.doc.body.classList.toggle('projector', on);
    this.translate();
  }

  translate(): void {
    setText(this.projectorButton, t(this.projector ? 'exitProjector' : 'projectorMode'));
    setText(this.copy, t('copyLink'));
    const a = this.address;
    const note = a === null ? '' : noteFor(a);
    this.note.hidden = note === '';
    this.note.classList.toggle('warn', a?.reason === JoinAddressReason.LoopbackOnly);
    setText(this.note, note);
  }
}

function noteFor(a: JoinAddress): string {
  switch (a.reason) {
    case JoinAddressReason.Lan: {
      const main = t('joinNoteLan', { url: a.base, opened: a.openedAt });
      return a.alternatives.length === 0 ? main : `${main} ${t('joinNoteOthers', { list: a.alternatives.join(', ') })}`;
    }
    case JoinAddressReason.LoopbackOnly:
      return t('joinNoteLoopbackOnly', { opened: a.openedAt });
    case JoinAddressReason.PublicUrl:
      return t('joinNotePublicUrl');
    case JoinAddressReason.OpenedAt:
      return '';
  }
}
