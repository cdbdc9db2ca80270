import type Phaser from 'phaser';
import type { RoomView } from '../../server/classroom/teacher-action';
import { el, setText } from '../ui/dom';
import { getLang, onLangChange, setLang, t, type MessageKey } from '../ui/i18n';
import { LiveClock } from './live-clock';
import { LiveSource } from './live-source';
import { RecordedSource, type TimelineMark } from './recorded-source';
import { replayApi, type RoundInfo } from './replay-api';
import type { ReplayAddress } from './replay-address';
import { ReplayControls } from './replay-controls';
import { installReplayHook, type ReplayPageState } from './replay-hook';
import type { ReplayScene } from './ReplayScene';
import { SpectatorConnection } from './spectator-connection';
import { ViewPanel } from './view-panel';
import type { ViewSource } from './view-source';

const REFRESH_MS = 100;
/** While the round is still running, ask again this often for its recording. */
const WAIT_POLL_MS = 2000;
/** The live view asks the teacher's roster (RTT, conditions) this often. */
const ROSTER_POLL_MS = 1000;

export interface ReplayPageParts {
  win: Window;
  top: HTMLElement;
  bottom: HTMLElement;
  stage: HTMLElement;
  /** Starts the map on a source; returns the game and a way to reach its scene. */
  startMap(source: ViewSource): { game: Phaser.Game; scene(): ReplayScene | null };
}

/**
 * The replay page's flow (issue 14): a recorded round (newest finished, or the one asked for;
 * waiting while it still runs) or a live room for the projector, then the map, the transport,
 * the view panel and the leaderboard, kept fresh a few times a second.
 */
export class ReplayPage {
  private readonly title = el('h1', { class: 'replay-title', 'data-testid': 'replay-title' });
  private readonly status = el('p', { class: 'status-line', role: 'status', 'data-testid': 'replay-status' });
  private readonly rounds = el('select', { class: 'rounds', hidden: '', 'data-testid': 'replay-rounds' });
  private readonly note = el('span', { class: 'spectator-note', hidden: '', 'data-testid': 'spectator-note' });
  private statusKey: { key: MessageKey; params?: Record<string, string | number> } | null = null;
  private mode: ReplayPageState['mode'] = 'none';
  private pageStatus = 'loading';
  private recorded: RecordedSource | null = null;
  private live: LiveSource | null = null;
  private spectator: SpectatorConnection | null = null;
  private source: ViewSource | null = null;
  private map: { game: Phaser.Game; scene(): ReplayScene | null } | null = null;
  private round: number | null = null;
  private roundList: RoundInfo[] = [];

  constructor(
    private readonly parts: ReplayPageParts,
    private readonly address: ReplayAddress | null,
  ) {
    const lang = el('button', { type: 'button', class: 'chip', 'data-testid': 'lang-switch' });
    lang.addEventListener('click', () => setLang(getLang() === 'ko' ? 'en' : 'ko'));
    this.rounds.addEventListener('change', () => this.openRound(Number(this.rounds.value)));
    parts.top.append(el('div', { class: 'brand' }, el('span', { class: 'logo' }, 'Roundtrip'), this.title), this.note, this.status, el('div', { class: 'row' }, this.rounds, lang));
    const translate = () => {
      setText(lang, t('language'));
      parts.win.document.documentElement.lang = getLang();
      this.retitle();
      setText(this.note, t('spectatorNote'));
      if (this.statusKey !== null) setText(this.status, t(this.statusKey.key, this.statusKey.params));
      this.fillRounds();
    };
    onLangChange(translate);
    translate();
    installReplayHook(parts.win, () => this.hookState());
  }

  async boot(): Promise<void> {
    const a = this.address;
    if (a === null || a.token === null) {
      // A live link without its key is still the live view: titled and explained as one.
      if (a?.live === true) this.mode = 'live';
      this.retitle();
      this.fail(a?.live === true ? 'liveNoToken' : 'replayNoToken', { code: a?.room ?? '?' });
      return;
    }
    if (a.live) await this.watchLive(a.room, a.token);
    else await this.loadRecording(a.room, a.round, a.token);
  }

  private async loadRecording(room: string, asked: number | null, token: string): Promise<void> {
    this.mode = 'replay';
    this.retitle();
    this.setStatus({ key: 'replayLoading' });
    for (;;) {
      const list = await replayApi.rounds(room, token);
      if (!list.ok) return this.fail('replayFailed', { message: list.message });
      this.roundList = list.value;
      const finished = list.value.filter((r) => r.status === 'finished');
      const wanted = asked === null ? (finished.at(-1) ?? list.value.at(-1)) : list.value.find((r) => r.round === asked);
      if (wanted === undefined) return this.fail('replayFailed', { message: t('replaysNone') });
      this.round = wanted.round;
      this.fillRounds();
      this.retitle();
      if (wanted.status !== 'running') break;
      this.pageStatus = 'waiting';
      this.setStatus({ key: 'replayRunning' });
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    const recording = await replayApi.recording(room, this.round, token);
    if (!recording.ok) return this.fail('replayFailed', { message: recording.message });
    const source = new RecordedSource(recording.value);
    this.recorded = source;
    const controls = new ReplayControls(source, (mark) => this.describe(mark));
    const panel = new ViewPanel(source, source);
    this.show(source, panel, controls.root);
    setInterval(() => {
      controls.refresh();
      panel.refresh();
    }, REFRESH_MS);
    source.play();
  }

  private async watchLive(room: string, token: string): Promise<void> {
    this.mode = 'live';
    this.retitle();
    this.setStatus({ key: 'liveConnecting' });
    const spectator = new SpectatorConnection({ url: this.parts.win.location.origin });
    this.spectator = spectator;
    try {
      await spectator.watch(room, token);
    } catch (error) {
      spectator.close();
      return this.fail('liveFailed', { message: error instanceof Error ? error.message : String(error) });
    }
    spectator.on('connectionLost', () => this.setStatus({ key: 'liveConnecting' }));
    spectator.on('snapshot', () => {
      if (this.statusKey?.key === 'liveConnecting') this.setStatus(null);
    });
    const source = new LiveSource(spectator);
    this.live = source;
    this.note.hidden = false;
    const panel = new ViewPanel(source, null);
    const clock = new LiveClock(source);
    this.show(source, panel, clock.root);
    setInterval(() => {
      clock.refresh();
      panel.refresh();
    }, REFRESH_MS);
    const pollRoster = async () => {
      // The teacher's own view of the room (server/http/classroom-routes.ts): RTT and conditions per player.
      try {
        const response = await fetch(`/api/rooms/${encodeURIComponent(room)}/teacher`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
        if (response.ok) {
          const view = (await response.json()) as RoomView;
          source.roster = view.players;
          source.roomConditions = view.nodeConditions;
        }
      } catch {
        // Next time: the map and the scores come from the broadcast anyway.
      }
    };
    void pollRoster();
    setInterval(() => void pollRoster(), ROSTER_POLL_MS);
  }

  private show(source: ViewSource, panel: ViewPanel, transport: HTMLElement | null): void {
    this.source = source;
    this.pageStatus = 'ready';
    this.setStatus(null);
    this.parts.stage.append(panel.leaderboard);
    this.parts.bottom.append(...(transport === null ? [] : [transport]), panel.root);
    this.map = this.parts.startMap(source);
    panel.refresh();
  }

  private openRound(round: number): void {
    const a = this.address;
    if (a === null) return;
    this.parts.win.location.hash = `room=${a.room}&round=${round}`;
    this.parts.win.location.reload();
  }

  private fillRounds(): void {
    const list = this.roundList;
    this.rounds.hidden = list.length < 2;
    this.rounds.replaceChildren(
      ...list.map((r) =>
        el(
          'option',
          { value: String(r.round), ...(r.status === 'finished' ? {} : { disabled: '' }) },
          r.status === 'running' ? t('replayRoundRunning', { round: r.round }) : t('replayRoundDone', { round: r.round, s: Math.round(((r.endedAtEpochMs ?? r.startedAtEpochMs) - r.startedAtEpochMs) / 1000) }),
        ),
      ),
    );
    if (this.round !== null) this.rounds.value = String(this.round);
  }

  private retitle(): void {
    const room = this.address?.room ?? '';
    setText(this.title, this.mode === 'live' ? t('liveTitle', { code: room }) : t('replayTitle', { code: room, round: this.round ?? '–' }));
    this.parts.win.document.title = `Roundtrip — ${this.title.textContent ?? ''}`;
  }

  private describe(mark: TimelineMark): string {
    if (mark.kind === 'delivery') return t('markDelivery', { name: this.recorded?.nameOf(mark.slot) || `#${mark.slot}`, points: mark.points });
    if (mark.kind === 'restored') return t('markRestored');
    return t('markTeacher', { action: mark.action });
  }

  private fail(key: MessageKey, params?: Record<string, string | number>): void {
    this.pageStatus = 'error';
    this.setStatus({ key, params }, true);
  }

  private setStatus(status: { key: MessageKey; params?: Record<string, string | number> } | null, isError = false): void {
    this.statusKey = status;
    this.status.hidden = status === null;
    this.status.classList.toggle('error', isError);
    setText(this.status, status === null ? '' : t(status.key, status.params));
  }

  private hookState(): ReplayPageState {
    const r = this.recorded;
    const scene = this.map?.scene() ?? null;
    const renderer = this.map === null ? null : this.map.game.renderer.type === 2 ? 'webgl' : 'canvas';
    const followed = this.source?.followed ?? -1;
    const header = r?.recording.header;
    const watching = this.spectator?.watching;
    return {
      mode: this.mode,
      status: this.pageStatus,
      renderer,
      room: this.address?.room ?? '',
      round: this.round,
      position: r?.position ?? this.live?.tick ?? 0,
      tick: r?.replayer.tick ?? this.live?.tick ?? 0,
      startTick: r?.startTick ?? 0,
      endTick: r?.endTick ?? 0,
      playing: r?.playing ?? true,
      speed: r?.speed ?? 1,
      lens: r?.studentLens === true ? 'student' : 'server',
      followed,
      lensDelayMs: r?.studentLens === true ? r.lensDelayMs(followed) : 0,
      ticksPerSnapshot: header?.ticksPerSnapshot ?? (watching === undefined || watching === null ? 0 : Math.round(watching.tickRateHz / watching.snapshotRateHz)),
      drawn: scene === null ? [] : scene.drawn.filter((d) => d !== null),
      openOrders: scene?.openOrders ?? 0,
      standings: this.source?.standings() ?? [],
      marks: r?.marks.map((m) => ({ tick: m.tick, kind: m.kind })) ?? [],
      snapshots: this.spectator?.snapshots ?? 0,
    };
  }
}
