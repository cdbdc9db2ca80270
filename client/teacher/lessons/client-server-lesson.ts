import { el, setText } from '../../ui/dom';
import { tr } from '../tr';
import type { Lesson, LiveContext } from './lesson';
import { StatBox } from './live-widgets';

/**
 * 1. Client and server. A house (client) sends an order (request) to the shop (server) and
 * gets a pizza (response) back; each real delivery in the room replays that trip once.
 */
export class ClientServerLesson implements Lesson {
  readonly id = 'client-server';
  readonly titleKey = 'lessonClientServerTitle';
  readonly bodyKey = 'lessonClientServerBody';
  readonly needsBalancer = false;
  readonly live: HTMLElement;
  private readonly deliveries = new StatBox('liveDeliveries', 'live-deliveries');
  private readonly rounds = new StatBox('liveRounds');
  private readonly trip = el('div', { class: 'trip' });
  private readonly perPlayer = el('ol', { class: 'bars' });
  private lastTotal = -1;

  constructor() {
    this.trip.append(
      el('div', { class: 'end house' }, el('div', { class: 'icon house-icon' }), tr('div', 'diagramHouse')),
      el('div', { class: 'lane' }, tr('div', 'diagramOrder', { class: 'to-server' }), el('div', { class: 'packet order' }), el('div', { class: 'packet pizza' }), tr('div', 'diagramPizza', { class: 'to-client' })),
      el('div', { class: 'end shop' }, el('div', { class: 'icon shop-icon' }), tr('div', 'diagramShop')),
    );
    this.live = el('div', { class: 'live-grid' }, el('div', { class: 'stats-row' }, this.deliveries.root, this.rounds.root), this.trip, this.perPlayer);
  }

  update(ctx: LiveContext): void {
    const view = ctx.view;
    if (view === null) return;
    const total = view.players.reduce((sum, p) => sum + p.deliveries, 0);
    this.deliveries.set(String(total));
    this.rounds.set(String(view.round));
    // A new delivery since the last poll: play the round trip once (restarting the animation).
    if (this.lastTotal >= 0 && total > this.lastTotal) {
      this.trip.classList.remove('go');
      void this.trip.offsetWidth;
      this.trip.classList.add('go');
    }
    this.lastTotal = total;
    const max = Math.max(1, ...view.players.map((p) => p.deliveries));
    const top = [...view.players].sort((a, b) => b.deliveries - a.deliveries).slice(0, 8);
    this.perPlayer.replaceChildren(
      ...top.map((p) => {
        const bar = el('span', { class: 'bar' });
        bar.style.width = `${(p.deliveries / max) * 100}%`;
        const name = el('span', { class: 'who' });
        setText(name, p.name);
        return el('li', {}, name, el('span', { class: 'track' }, bar), el('span', { class: 'num' }, String(p.deliveries)));
      }),
    );
  }
}
