import { el, setText } from '../../ui/dom';
import { t } from '../../ui/i18n';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { fillRows, tableWith } from './live-widgets';
import { NodeMap } from './node-map';

/**
 * 7. Gateway, service discovery, containers: the single entry point (the balancer, or this
 * node alone), the live node registry with heartbeat ages, and the processes behind it.
 */
export class GatewayLesson implements Lesson {
  readonly id = 'gateway';
  readonly titleKey = 'lessonGatewayTitle';
  readonly bodyKey = 'lessonGatewayBody';
  readonly needsBalancer = true;
  readonly live: HTMLElement;
  private readonly entry = el('p', { class: 'answer', 'data-testid': 'live-entry' });
  private readonly clusterHint = el('p', { class: 'note' });
  private readonly registry = el('tbody', { 'data-testid': 'live-registry' });
  private readonly nodeMap: NodeMap;

  /** `refresh`: asks the live numbers again now (after a drain, kill or start). */
  constructor(refresh: () => void) {
    this.nodeMap = new NodeMap(refresh);
    this.live = el(
      'div',
      { class: 'live-stack' },
      el(
        'div',
        { class: 'live-grid two' },
        el('div', {}, tr('h4', 'liveEntry'), this.entry, this.clusterHint, tr('h4', 'liveProcesses'), tr('p', 'liveProcessesText', { class: 'note' })),
        el('div', {}, tr('h4', 'liveRegistry'), tableWith(['colNode', 'colRooms', 'colPlayers', 'colHeartbeat', 'colLoad'], this.registry)),
      ),
      this.nodeMap.root,
    );
  }

  update(ctx: LiveContext): void {
    this.nodeMap.update(ctx);
    const b = ctx.balancer;
    if (b !== null && b.ok) {
      setText(this.entry, t('liveEntryBalancer', { strategy: b.value.strategy, connections: b.value.openConnections }));
      setText(this.clusterHint, '');
    } else {
      setText(this.entry, t('liveEntrySingle', { node: ctx.stats?.nodeId ?? '–' }));
      setText(this.clusterHint, t('clusterOnly'));
    }
    const stats = ctx.stats;
    if (stats === null) return;
    fillRows(
      this.registry,
      stats.cluster.nodes.map((n) => [
        n.id,
        String(n.rooms),
        String(n.players),
        t('secondsAgo', { s: Math.max(0, (stats.atEpochMs - n.heartbeatAtEpochMs) / 1000).toFixed(1) }),
        `${Math.round(n.load * 100)}%`,
      ]),
    );
  }
}
