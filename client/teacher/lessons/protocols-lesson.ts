import { el, setText } from '../../ui/dom';
import { t } from '../../ui/i18n';
import { CounterRate } from '../counter-rate';
import { jsonBytesPerPlayer, jsonSnapshotBytes } from '../json-size-estimate';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { fillRows, formatBytes, formatRate, StatBox, tableWith } from './live-widgets';

const RECENT_ROWS = 8;

/**
 * 2. HTTP and WebSocket: the node's recent HTTP exchanges next to the snapshot stream's
 * rates, and a meter of binary delta vs the same snapshot as JSON (estimated, see the note).
 */
export class ProtocolsLesson implements Lesson {
  readonly id = 'protocols';
  readonly titleKey = 'lessonProtocolsTitle';
  readonly bodyKey = 'lessonProtocolsBody';
  readonly needsBalancer = false;
  readonly live: HTMLElement;
  private readonly recent = el('tbody', { 'data-testid': 'live-http' });
  private readonly snapshotsPerS = new StatBox('liveSnapshotsPerSecond', 'live-snapshots-per-s');
  private readonly bytesPerS = new StatBox('liveBytesPerSecond');
  private readonly snapshots = new CounterRate();
  private readonly bytes = new CounterRate();
  private readonly binaryBar = el('span', { class: 'bar binary' });
  private readonly jsonBar = el('span', { class: 'bar json' });
  private readonly binaryValue = el('span', { class: 'num', 'data-testid': 'live-binary-bytes' });
  private readonly jsonValue = el('span', { class: 'num', 'data-testid': 'live-json-bytes' });
  private readonly ratio = el('div', { class: 'ratio' });
  private readonly note = el('p', { class: 'note' });

  constructor() {
    const meter = el(
      'div',
      { class: 'meter' },
      tr('span', 'liveBinarySize'),
      el('span', { class: 'track' }, this.binaryBar),
      this.binaryValue,
      tr('span', 'liveJsonSize'),
      el('span', { class: 'track' }, this.jsonBar),
      this.jsonValue,
    );
    this.live = el(
      'div',
      { class: 'live-grid two' },
      el('div', {}, tr('h4', 'liveRecentHttp'), tableWith(['colMethod', 'colPath', 'colStatus', 'colSize'], this.recent)),
      el('div', {}, tr('h4', 'liveWebSocket'), el('div', { class: 'stats-row' }, this.snapshotsPerS.root, this.bytesPerS.root), meter, this.ratio, this.note),
    );
  }

  update(ctx: LiveContext): void {
    const stats = ctx.stats;
    if (stats === null) return;
    const recent = stats.http.recent.slice(-RECENT_ROWS).reverse();
    fillRows(this.recent, recent.map((r) => [r.method, r.path, String(r.status), formatBytes(r.bytes)]));
    this.snapshots.sample(stats.websocket.snapshotsSent, stats.atEpochMs);
    this.bytes.sample(stats.websocket.snapshotBytesSent, stats.atEpochMs);
    this.snapshotsPerS.set(formatRate(this.snapshots.perSecond));
    this.bytesPerS.set(formatBytes(this.bytes.perSecond));

    const players = ctx.view?.players.length ?? 0;
    const binary = this.snapshots.delta > 0 ? this.bytes.delta / this.snapshots.delta : Number.NaN;
    const json = jsonSnapshotBytes(players);
    const widest = Math.max(json, Number.isFinite(binary) ? binary : 0, 1);
    this.binaryBar.style.width = `${Number.isFinite(binary) ? (binary / widest) * 100 : 0}%`;
    this.jsonBar.style.width = `${(json / widest) * 100}%`;
    setText(this.binaryValue, formatBytes(binary));
    setText(this.jsonValue, formatBytes(json));
    setText(this.ratio, Number.isFinite(binary) && binary > 0 ? t('liveTimesSmaller', { x: (json / binary).toFixed(1) }) : '');
    setText(this.note, t('liveJsonNote', { perPlayer: jsonBytesPerPlayer(), players }));
  }
}
