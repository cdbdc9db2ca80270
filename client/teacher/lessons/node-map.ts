import { el, setText } from '../../ui/dom';
import { t, type MessageKey } from '../../ui/i18n';
import { teacherApi, type NodeAction, type NodesView, type RosterEntry } from '../teacher-api';
import { tr } from '../tr';
import type { LiveContext } from './lesson';

type NodeEntry = NodesView['nodes'][number];

const STATE_KEYS: Record<NodeEntry['state'], MessageKey> = {
  up: 'nodeStateUp',
  starting: 'nodeStateStarting',
  draining: 'nodeStateDraining',
  down: 'nodeStateDown',
};
const EXIT_KEYS: Record<Exclude<NodeEntry['lastExit'], null>, MessageKey> = {
  drained: 'nodeExitDrained',
  killed: 'nodeExitKilled',
  crashed: 'nodeExitCrashed',
};
/** How long "rewound N ticks" stays beside the tick after a restore from a save. */
const REWOUND_NOTE_MS = 10_000;
/** Refusals the class should read in its own language (others show the server's text). */
const REFUSAL_KEYS: Partial<Record<string, MessageKey>> = {
  LAST_NODE: 'nodeLastNode',
  NODE_NOT_UP: 'nodeNotUp',
  NODE_DOWN: 'nodeNotUp',
  NODE_RUNNING: 'nodeNotUp',
};

/** One node on the map: built once, updated in place (a click never lands on a replaced button). */
class NodeBox {
  readonly root: HTMLElement;
  private readonly state = el('span', { class: 'node-state', 'data-testid': 'node-state' });
  private readonly owner = el('span', { class: 'node-owner', hidden: '', 'data-testid': 'node-owner' });
  private readonly counts = el('div', { class: 'node-counts', 'data-testid': 'node-counts' });
  private readonly students = el('ul', { class: 'node-students', 'data-testid': 'node-students' });
  private readonly drain = el('button', { type: 'button', class: 'chip small', 'data-testid': 'node-drain' });
  private readonly kill = el('button', { type: 'button', class: 'chip small danger', 'data-testid': 'node-kill' });
  private readonly start = el('button', { type: 'button', class: 'chip small clear', 'data-testid': 'node-start' });
  private shownStudents = '';

  constructor(readonly id: string, act: (id: string, action: NodeAction) => void) {
    this.drain.addEventListener('click', () => act(id, 'drain'));
    this.kill.addEventListener('click', () => act(id, 'kill'));
    this.start.addEventListener('click', () => act(id, 'start'));
    this.root = el(
      'li',
      { class: 'node-box', 'data-testid': 'node-box', 'data-node-id': id },
      el('div', { class: 'node-head' }, el('span', { class: 'node-name' }, id), this.state),
      this.owner,
      this.counts,
      this.students,
      el('div', { class: 'row wrap node-actions' }, this.drain, this.kill, this.start),
    );
  }

  update(node: NodeEntry, ownsRoom: boolean, code: string, students: readonly RosterEntry[], busy: boolean, lastUp: boolean): void {
    this.root.dataset.state = node.state;
    const exit = node.state === 'down' && node.lastExit !== null ? ` (${t(EXIT_KEYS[node.lastExit])})` : '';
    setText(this.state, `${t(STATE_KEYS[node.state])}${exit}`);
    this.owner.hidden = !ownsRoom;
    setText(this.owner, t('nodeOwnsRoom', { code }));
    setText(this.counts, node.state === 'down' ? '' : t('nodePlayersRooms', { players: node.players, rooms: node.rooms }));
    const key = `${t('nodeNoStudents')}|${students.map((s) => `${s.id}:${s.name}:${s.score}:${s.bot}`).join(',')}`;
    if (key !== this.shownStudents) {
      this.shownStudents = key;
      this.students.replaceChildren(
        ...(students.length === 0
          ? [el('li', { class: 'muted' }, t('nodeNoStudents'))]
          : students.map((s) => el('li', { class: s.bot ? 'student bot' : 'student', 'data-player-id': String(s.id) }, el('span', { class: 'who' }, s.name), el('span', { class: 'pts' }, String(s.score))))),
      );
    }
    setText(this.drain, t('nodeDrain'));
    setText(this.kill, t('nodeKill'));
    setText(this.start, t('nodeStart'));
    // Draining the last running node would leave its players nowhere to go (the launcher refuses it too).
    this.drain.disabled = busy || node.state !== 'up' || lastUp;
    this.drain.title = lastUp && node.state === 'up' ? t('nodeLastNode', { node: node.id }) : '';
    this.kill.disabled = busy || node.state === 'down';
    this.start.disabled = busy || node.state !== 'down';
  }
}

/**
 * The failover lesson's live map (issue 12): every node of the demo cluster with its state,
 * the students of this room on it (and their scores), the node that runs the room, and the
 * room's tick, which keeps climbing while the room moves; with Drain, Kill and Start per node.
 * Shown only where the balancer offers the controls (npm run cluster); nothing is asked elsewhere.
 */
export class NodeMap {
  readonly root: HTMLElement;
  private readonly grid = el('ul', { class: 'node-map', 'data-testid': 'node-map' });
  private readonly tick = el('div', { class: 'room-tick', 'data-testid': 'room-tick' });
  private readonly away = el('p', { class: 'note', 'data-testid': 'node-away' });
  private readonly message = el('p', { class: 'note', role: 'status', 'data-testid': 'node-message' });
  private readonly boxes = new Map<string, NodeBox>();
  private lastTick = -1;
  private lastView: LiveContext['view'] = null;
  private ticking = false;
  private rewound: { ticks: number; untilEpochMs: number } | null = null;
  private busy = false;
  private ctx: LiveContext | null = null;
  private shownMessage: { key: MessageKey; params?: Record<string, string> } | null = null;

  constructor(private readonly afterAction: () => void) {
    this.root = el('section', { class: 'node-map-card', hidden: '', 'data-testid': 'failover' }, tr('h4', 'nodeMapTitle'), this.tick, this.grid, this.away, tr('p', 'nodeMapHelp', { class: 'note' }), this.message);
  }

  update(ctx: LiveContext): void {
    this.ctx = ctx;
    const nodes = ctx.nodes;
    this.root.hidden = nodes === null || !nodes.ok;
    if (nodes === null || !nodes.ok) return;
    const view = ctx.view;
    // Judged once per new teacher view (the stats poll calls this with the same view again).
    if (view !== null && view !== this.lastView) {
      // The room changed hands (a drain or a takeover): say where it went.
      if (this.lastView !== null && this.lastView.owner !== view.owner) {
        this.shownMessage = { key: 'roomMoved', params: { code: view.code, from: this.lastView.owner, to: view.owner } };
        this.message.classList.remove('error');
      }
      this.lastView = view;
      if (this.lastTick >= 0 && view.tick < this.lastTick) {
        // Restored from the last save after a crash: the seconds since it are replayed.
        this.rewound = { ticks: this.lastTick - view.tick, untilEpochMs: ctx.nowEpochMs + REWOUND_NOTE_MS };
      }
      this.ticking = this.lastTick >= 0 && view.tick !== this.lastTick;
      this.lastTick = view.tick;
    }
    if (view !== null) {
      const rewound = this.rewound !== null && ctx.nowEpochMs < this.rewound.untilEpochMs ? ` ${t('roomRewound', { n: this.rewound.ticks })}` : '';
      setText(this.tick, `${t(this.ticking ? 'roomTicking' : 'roomNotTicking', { code: view.code, tick: view.tick, node: view.owner })}${rewound}`);
      this.tick.dataset.tick = String(view.tick);
      this.tick.classList.toggle('ticking', this.ticking);
    }
    const players = view?.players ?? [];
    const upCount = nodes.value.nodes.filter((n) => n.state === 'up').length;
    const seen = new Set<string>();
    for (const [index, node] of nodes.value.nodes.entries()) {
      seen.add(node.id);
      let box = this.boxes.get(node.id);
      if (box === undefined) {
        box = new NodeBox(node.id, (id, action) => void this.act(id, action));
        this.boxes.set(node.id, box);
      }
      // Bots run on the room's owner; a student whose connection dropped is on no node now.
      const here = players.filter((p) => p.connected && p.node === node.id);
      box.update(node, view?.owner === node.id, view?.code ?? ctx.code, here, this.busy, upCount === 1 && node.state === 'up');
      if (this.grid.children.item(index) !== box.root) this.grid.insertBefore(box.root, this.grid.children.item(index));
    }
    for (const [id, box] of this.boxes) {
      if (!seen.has(id)) {
        box.root.remove();
        this.boxes.delete(id);
      }
    }
    const away = players.filter((p) => !p.connected).map((p) => p.name);
    setText(this.away, away.length === 0 ? '' : t('nodeAway', { names: away.join(', ') }));
    if (this.shownMessage !== null) setText(this.message, t(this.shownMessage.key, this.shownMessage.params));
  }

  private async act(id: string, action: NodeAction): Promise<void> {
    const ctx = this.ctx;
    if (ctx === null || this.busy) return;
    this.busy = true;
    this.update(ctx);
    const result = await teacherApi.nodeAction(id, action, ctx.teacherToken);
    this.busy = false;
    this.shownMessage = result.ok
      ? { key: action === 'drain' ? 'nodeDraining' : action === 'kill' ? 'nodeKilled' : 'nodeStarting', params: { node: id } }
      : { key: REFUSAL_KEYS[result.code] ?? 'errAction', params: { message: result.message, node: id } };
    setText(this.message, t(this.shownMessage.key, this.shownMessage.params));
    this.message.classList.toggle('error', !result.ok);
    this.afterAction();
  }
}
