import { el, setText } from '../../ui/dom';
import { getLang, t } from '../../ui/i18n';
import { decodeJwt } from '../jwt-display';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { StatBox } from './live-widgets';

/**
 * 6. Security: the teacher's JWT decoded in the browser (readable, not changeable), and the
 * node's CORS refusals, rate-limit hits and TLS state.
 */
export class SecurityLesson implements Lesson {
  readonly id = 'security';
  readonly titleKey = 'lessonSecurityTitle';
  readonly bodyKey = 'lessonSecurityBody';
  readonly needsBalancer = false;
  readonly live: HTMLElement;
  private readonly header = el('pre', { class: 'jwt-part header' });
  private readonly payload = el('pre', { class: 'jwt-part payload', 'data-testid': 'jwt-payload' });
  private readonly expires = el('p', { class: 'note' });
  private readonly cors = new StatBox('liveCorsRefused');
  private readonly limited = new StatBox('liveRateLimited');
  private readonly tls = new StatBox('liveTls');

  constructor() {
    this.live = el(
      'div',
      { class: 'live-grid two' },
      el('div', {}, tr('h4', 'liveJwt'), tr('div', 'jwtHeader', { class: 'label' }), this.header, tr('div', 'jwtPayload', { class: 'label' }), this.payload, this.expires, tr('p', 'jwtSignature', { class: 'note' })),
      el('div', { class: 'stats-row column' }, this.cors.root, this.limited.root, this.tls.root),
    );
  }

  update(ctx: LiveContext): void {
    const jwt = decodeJwt(ctx.teacherToken);
    if (jwt.ok) {
      setText(this.header, JSON.stringify(jwt.header, null, 1));
      setText(this.payload, JSON.stringify(jwt.payload, null, 1));
      if (jwt.expEpochS !== null) {
        const at = new Date(jwt.expEpochS * 1000);
        const min = Math.max(0, Math.round((jwt.expEpochS * 1000 - ctx.nowEpochMs) / 60_000));
        setText(this.expires, t('jwtExpires', { time: at.toLocaleString(getLang() === 'ko' ? 'ko-KR' : 'en-US'), min }));
      }
    }
    const s = ctx.stats?.security;
    if (s === undefined) return;
    this.cors.set(String(s.corsRefused));
    this.limited.set(String(s.httpRateLimited));
    this.tls.set(t(s.tls ? 'on' : 'off'));
  }
}
