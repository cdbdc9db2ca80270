import { el, setText } from '../../ui/dom';
import { t } from '../../ui/i18n';
import { teacherApi } from '../teacher-api';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { StatBox } from './live-widgets';
import { NodeMap } from './node-map';
import { countPlayers } from './player-counts';

/**
 * 4. Load balancing: where this room's players are connected (roster.node) and, behind the
 * balancer, the strategy in use with buttons to switch it live.
 */
export class BalancingLesson implements Lesson {
  readonly id = 'balancing';
  readonly titleKey = 'lessonBalancingTitle';
  readonly bodyKey = 'lessonBalancingBody';
  readonly needsBalancer = true;
  readonly live: HTMLElement;
  private readonly strategy = new StatBox('liveStrategy', 'live-strategy');
  private readonly perNode = el('ol', { class: 'bars' });
  private readonly switches = el('div', { class: 'row wrap' });
  private readonly message = el('p', { class: 'note', 'data-testid': 'cluster-message' });
  private readonly botsNote = el('p', { class: 'note', 'data-testid': 'balancing-bots' });
  private readonly nodeMap: NodeMap;
  private shownStrategies = '';
  private teacherToken = '';

  /** `refresh`: asks the live numbers again now (after a drain, kill or start). */
  constructor(refresh: () => void) {
    this.nodeMap = new NodeMap(refresh);
    this.live = el(
      'div',
      { class: 'live-stack' },
      el(
        'div',
        { class: 'live-grid two' },
        el('div', {}, tr('h4', 'livePlayersPerNode'), this.perNode, this.botsNote),
        el('div', {}, this.strategy.root, tr('h4', 'switchStrategy'), this.switches, this.message),
      ),
      this.nodeMap.root,
    );
  }

  update(ctx: LiveContext): void {
    this.teacherToken = ctx.teacherToken;
    this.nodeMap.update(ctx);
    const players = countPlayers(ctx.view, (ctx.stats?.cluster.nodes ?? []).map((n) => n.id));
    const max = Math.max(1, ...players.perNode.values());
    setText(this.botsNote, players.bots === 0 ? '' : t('liveBotsOnOwner', { bots: players.bots, node: ctx.view?.owner ?? '–' }));
    this.perNode.replaceChildren(
      ...[...players.perNode].map(([node, n]) => {
        const bar = el('span', { class: 'bar' });
        bar.style.width = `${(n / max) * 100}%`;
        return el('li', {}, el('span', { class: 'who' }, node), el('span', { class: 'track' }, bar), el('span', { class: 'num' }, String(n)));
      }),
    );
    const b = ctx.balancer;
    if (b === null || !b.ok) {
      this.strategy.set('–');
      this.switches.replaceChildren();
      this.shownStrategies = '';
      setText(this.message, t('clusterOnly'));
      return;
    }
    setText(this.message, '');
    this.strategy.set(b.value.strategy);
    const key = b.value.strategies.join(',');
    if (key !== this.shownStrategies) {
      this.shownStrategies = key;
      this.switches.replaceChildren(
        ...b.value.strategies.map((name) => {
          const button = el('button', { type: 'button', class: 'chip', 'data-strategy': name }, name);
          button.addEventListener('click', () => void this.switchTo(name));
          return button;
        }),
      );
    }
    for (const button of this.switches.querySelectorAll('button')) button.classList.toggle('active', button.dataset.strategy === b.value.strategy);
  }

  private async switchTo(name: string): Promise<void> {
    const result = await teacherApi.setStrategy(name, this.teacherToken);
    setText(this.message, result.ok ? '' : t('errAction', { message: result.message }));
  }
}
