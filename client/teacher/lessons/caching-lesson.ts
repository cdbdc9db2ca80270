import { el, setText } from '../../ui/dom';
import { t } from '../../ui/i18n';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { fillRows, formatBytes, StatBox, tableWith } from './live-widgets';

/**
 * 5. Caching: the leaderboard's 200s vs 304s and the server-side cache, a button that shows a
 * revalidation happen, and this page's own content-hashed files with where they came from.
 */
export class CachingLesson implements Lesson {
  readonly id = 'caching';
  readonly titleKey = 'lessonCachingTitle';
  readonly bodyKey = 'lessonCachingBody';
  readonly needsBalancer = false;
  readonly live: HTMLElement;
  private readonly ok200 = new StatBox('live200', 'live-200');
  private readonly notModified = new StatBox('live304', 'live-304');
  private readonly hits = new StatBox('liveCacheHits');
  private readonly misses = new StatBox('liveCacheMisses');
  private readonly fetchButton = tr('button', 'fetchConditional', { type: 'button', 'data-testid': 'fetch-conditional' });
  private readonly result = el('p', { class: 'answer', 'data-testid': 'conditional-result' });
  private readonly assets = el('tbody');
  private code = '';
  private teacherToken = '';

  constructor(private readonly perf: Performance) {
    this.fetchButton.addEventListener('click', () => void this.revalidate());
    this.live = el(
      'div',
      { class: 'live-grid two' },
      el('div', {}, el('div', { class: 'stats-row' }, this.ok200.root, this.notModified.root, this.hits.root, this.misses.root), this.fetchButton, this.result),
      el('div', {}, tr('h4', 'liveAssets'), tableWith(['colPath', 'colSize'], this.assets)),
    );
  }

  update(ctx: LiveContext): void {
    this.code = ctx.code;
    this.teacherToken = ctx.teacherToken;
    const c = ctx.stats?.cache;
    if (c !== undefined) {
      this.ok200.set(String(c.ok200));
      this.notModified.set(String(c.notModified304));
      this.hits.set(String(c.hits));
      this.misses.set(String(c.misses));
    }
    // transferSize 0 with a body: served from the browser's cache without asking (immutable).
    const entries = this.perf.getEntriesByType('resource').filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && e.name.includes('/assets/'));
    fillRows(
      this.assets,
      entries.map((e) => [new URL(e.name).pathname, e.transferSize === 0 ? t('fromCache') : t('downloaded', { bytes: e.transferSize })]),
    );
  }

  /** Fetch once to learn the ETag, then again with If-None-Match: the answer is a 304. */
  private async revalidate(): Promise<void> {
    if (this.code === '') return;
    const url = `/api/rooms/${encodeURIComponent(this.code)}/leaderboard`;
    try {
      // no-store keeps the browser's own cache out of it, so both exchanges reach the server.
      // A room's board shows students' names: only the room's teacher and players may read it.
      const authorization = `Bearer ${this.teacherToken}`;
      const first = await fetch(url, { cache: 'no-store', headers: { authorization } });
      const body = await first.text();
      const etag = first.headers.get('etag');
      const second = await fetch(url, { cache: 'no-store', headers: etag === null ? { authorization } : { authorization, 'if-none-match': etag } });
      setText(this.result, t('conditionalResult', { first: first.status, bytes: new TextEncoder().encode(body).length, second: second.status }));
      this.result.dataset.second = String(second.status);
    } catch (error) {
      setText(this.result, t('errAction', { message: error instanceof Error ? error.message : String(error) }));
    }
  }
}
