import type Phaser from 'phaser';
import { ErrorCode } from '../shared/protocol/error-code';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { Phase } from '../shared/sim/constants';
import { KeyboardInput, isTyping } from './input/keyboard-input';
import { keysToPointControl, stickToPointControl } from './input/point-control';
import { loadSteeringMode, saveSteeringMode, type SteeringMode } from './input/steering-mode';
import { stickToButtons } from './input/stick-buttons';
import { Autopilot } from './input/autopilot';
import { deviceId } from './device-id';
import { JoinRefusedError } from './net/game-connection';
import { GameSession } from './net/game-session';
import type { GameScene } from './scenes/GameScene';
import { SceneKey, type SceneFeed } from './scenes/scene-feed';
import { clearSession, loadSession, saveSession } from './session-store';
import { installTestHook, type CanvasLabel } from './test-hook';
import { ControlsHint } from './ui/controls-hint';
import { phaseSecondsLeft } from './ui/format-clock';
import { el, setText } from './ui/dom';
import { Hud } from './ui/hud';
import { detectLang, getLang, onLangChange, setLang, t, type MessageKey } from './ui/i18n';
import { ImposedConditionsBanner } from './ui/imposed-conditions-banner';
import { Inspector } from './ui/inspector';
import { Joystick } from './ui/joystick';
import { openReplayForPlayer } from './replay/open-replay';
import { ResultsPanel, type RankedPlayer } from './ui/results-panel';
import { StartScreen } from './ui/start-screen';
import { StatusBanner } from './ui/status-banner';

/** If no welcome arrives this long after asking, say the server cannot be reached (it keeps trying). */
const JOIN_SLOW_MS = 6000;
const HUD_REFRESH_MS = 100;

const JOIN_ERRORS: Partial<Record<string, MessageKey>> = {
  [ErrorCode.ROOM_NOT_FOUND]: 'errRoomNotFound',
  [ErrorCode.ROOM_FULL]: 'errRoomFull',
  [ErrorCode.ROOM_LOCKED]: 'errRoomLocked',
  [ErrorCode.VERSION_MISMATCH]: 'errVersion',
  [ErrorCode.SESSION_EXPIRED]: 'errSessionExpired',
  [ErrorCode.KICKED]: 'errKicked',
  [ErrorCode.REMOVED]: 'errRemoved',
  // In the student's language, not the server's English ({name}: the name they typed).
  [ErrorCode.NAME_TAKEN]: 'errNameTaken',
  [ErrorCode.TRY_AGAIN]: 'errTryAgain',
};

export interface AppOptions {
  win: Window;
  ui: HTMLElement;
  /** Creates the Phaser game once the first welcome brought the city. */
  startGame(feed: SceneFeed): Phaser.Game;
  /** Repaints for a different room (new seed). */
  restartGame(game: Phaser.Game, feed: SceneFeed): void;
}

/** The page's flow: start screen -> join/resume -> game with HUD, inspector, results; and back. */
export class App {
  private readonly session: GameSession;
  private readonly keyboard: KeyboardInput;
  private readonly joystick: Joystick | null;
  private readonly autopilot: Autopilot | null;
  /** The brain behind window.roundtrip.autopilotKey (e2e keyboard driving), made when first asked. */
  private keyAdvisor: Autopilot | null = null;
  private readonly start: StartScreen;
  private readonly hud: Hud;
  private readonly results: ResultsPanel;
  private readonly banner: StatusBanner;
  private readonly inspector: Inspector;
  private readonly imposed: ImposedConditionsBanner;
  private readonly topBar: HTMLElement;
  private readonly hint: ControlsHint;
  private readonly steeringButton: HTMLButtonElement;
  /** Point to steer or tank steering, for keys and stick alike (client/input/steering-mode.ts). */
  private steering: SteeringMode;
  private game: Phaser.Game | null = null;
  private shownSeed = Number.NaN;
  private wasReconnecting = false;
  private shutdownNotice = false;
  /** The room of the last welcome: a session that ends is explained against it. */
  private lastRoom: string | null = null;

  constructor(private readonly o: AppOptions) {
    const { win, ui } = o;
    setLang(detectLang(win.navigator.language));
    this.keyboard = new KeyboardInput(win);
    this.steering = loadSteeringMode(storageOf(win));
    this.session = new GameSession({ url: win.location.origin, deviceId: deviceId(storageOf(win)) }, { control: (heading) => this.control(heading) });
    this.start = new StartScreen(ui, {
      create: (name) => void this.createAndJoin(name),
      join: (code, name) => void this.join(code, name),
    });
    this.hud = new Hud(ui);
    this.hint = new ControlsHint(ui);
    this.results = new ResultsPanel(ui, () => this.openReplay());
    this.banner = new StatusBanner(ui);
    this.inspector = new Inspector(ui, this.session);
    this.imposed = new ImposedConditionsBanner(ui);
    this.joystick = Joystick.wanted(win) ? new Joystick(ui) : null;
    this.autopilot = new URLSearchParams(win.location.search).has('autopilot') ? new Autopilot(this.session) : null;
    if (this.autopilot !== null) {
      const badge = el('div', { class: 'autopilot-badge', 'data-testid': 'autopilot' });
      setText(badge, t('autopilot'));
      onLangChange(() => setText(badge, t('autopilot')));
      ui.append(badge);
    }
    const langButton = el('button', { type: 'button', class: 'chip', 'data-testid': 'lang-switch' });
    langButton.addEventListener('click', () => setLang(getLang() === 'ko' ? 'en' : 'ko'));
    this.steeringButton = el('button', { type: 'button', class: 'chip', 'data-testid': 'steering-switch', hidden: '' });
    this.steeringButton.addEventListener('click', () => this.setSteering(this.steering === 'point' ? 'tank' : 'point'));
    this.topBar = el('div', { class: 'top-actions' }, this.inspector.toggleButton, this.steeringButton, langButton);
    ui.append(this.topBar);
    this.hud.reserveFor(this.topBar);
    const translate = () => {
      langButton.textContent = t('language');
      this.steeringButton.textContent = t(this.steering === 'point' ? 'steeringPoint' : 'steeringTank');
      this.steeringButton.title = t('steeringSwitchTitle');
      win.document.documentElement.lang = getLang();
    };
    onLangChange(translate);
    translate();

    win.addEventListener('keydown', (e) => {
      if (e.code === 'KeyI' && !isTyping(e) && this.session.status !== 'idle') this.inspector.toggle();
    });
    this.session.on('failure', (code) => this.onFailure(code));
    this.session.connection.on('shutdown', () => (this.shutdownNotice = true));
    this.session.connection.on('conditions', (conditions) => {
      if (conditions === null && this.imposed.shown) this.banner.flash(t('imposedCleared'));
      this.imposed.show(conditions);
    });
    this.session.on('welcome', (w) => this.onWelcome(w));
    installTestHook(win, {
      session: this.session,
      renderer: () => (this.game === null ? null : this.game.renderer.type === 2 ? 'webgl' : 'canvas'),
      inspectorOpen: () => this.inspector.open,
      labels: () => this.canvasLabels(),
      guide: () => this.gameScene()?.guideReport() ?? null,
      rewards: () => [...(this.gameScene()?.rewards() ?? [])],
      steering: () => this.steering,
      // Its own brain, made on first use: a test asking for keys never steers this page itself.
      autopilotKey: () => (this.keyAdvisor ??= new Autopilot(this.session)).pointKey(),
    });
    setInterval(() => this.refresh(), HUD_REFRESH_MS);
    this.inspector.toggleButton.hidden = true;
  }

  /** Decides the first screen from the URL and any session this tab already had. */
  async boot(): Promise<void> {
    const params = new URLSearchParams(this.o.win.location.search);
    const room = params.get('room');
    const name = params.get('name');
    this.start.prefill(room, name);
    const stored = loadSession(this.o.win.sessionStorage);
    if (stored !== null && (room === null || room.toUpperCase() === stored.room)) {
      this.start.hide();
      try {
        await this.session.resume(stored.token);
        return;
      } catch (error) {
        // Expired or unknown: the room may still be there, so fall back to joining it.
        clearSession(this.o.win.sessionStorage);
        this.start.prefill(stored.room, null);
        if (error instanceof JoinRefusedError && error.code === ErrorCode.SESSION_EXPIRED && (await roomIsGone(stored.room))) {
          this.start.show();
          this.showRoomGone(stored.room);
          return;
        }
      }
    }
    if (room !== null && name !== null && name.trim() !== '') {
      this.start.show();
      await this.join(room, name);
      return;
    }
    this.start.show();
  }

  /**
   * What the player holds now, as a control word (shared/sim/steering.ts): keys first, then the
   * stick, in the chosen steering; the autopilot (which steers by buttons) only when neither.
   */
  private control(headingSteps: number): number {
    const point = this.steering === 'point';
    const keys = this.keyboard.buttons;
    let c = point ? keysToPointControl(keys) : keys;
    if (c === 0 && this.joystick !== null) {
      c = point ? stickToPointControl(this.joystick.dx, this.joystick.dy) : stickToButtons(this.joystick.dx, this.joystick.dy, headingSteps);
    }
    // Keys and the stick win over the autopilot: a student can take the wheel at any time.
    if (c === 0 && this.autopilot !== null) c = this.autopilot.buttons();
    return c;
  }

  /** The round that just ended, replayed in a new tab (issue 14). */
  private openReplay(): void {
    const welcome = this.session.connection.welcome;
    const round = this.session.state?.round ?? 0;
    if (welcome === null || round < 1) return;
    openReplayForPlayer(this.o.win, welcome.room, welcome.resumeToken, round).catch(() => this.banner.flash(t('errNetwork')));
  }

  private setSteering(mode: SteeringMode): void {
    this.steering = mode;
    saveSteeringMode(storageOf(this.o.win), mode);
    this.steeringButton.textContent = t(mode === 'point' ? 'steeringPoint' : 'steeringTank');
    this.hint.setMode(mode);
  }

  private gameScene(): GameScene | null {
    const scene = this.game?.scene.getScene(SceneKey.Game);
    return scene === undefined || scene === null || !scene.sys.isActive() ? null : (scene as GameScene);
  }

  private async createAndJoin(name: string): Promise<void> {
    this.start.setBusy(true);
    let code: string;
    try {
      const response = await fetch('/api/rooms', { method: 'POST' });
      if (!response.ok) throw new Error(`POST /api/rooms ${response.status}`);
      code = ((await response.json()) as { code: string }).code;
    } catch {
      this.start.setBusy(false);
      this.start.showError('errNetwork');
      return;
    }
    this.start.prefill(code, null);
    await this.join(code, name);
  }

  private async join(code: string, name: string): Promise<void> {
    this.start.setBusy(true);
    const slow = setTimeout(() => this.start.showError('errNetwork'), JOIN_SLOW_MS);
    try {
      await this.session.join(code.trim().toUpperCase(), name.trim());
    } catch (error) {
      this.start.setBusy(false);
      const key = error instanceof JoinRefusedError ? JOIN_ERRORS[error.code] : undefined;
      if (key !== undefined) this.start.showError(key, { name: name.trim() });
      else this.start.showError('errGeneric', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(slow);
    }
  }

  private onWelcome(welcome: WelcomeMessage): void {
    this.lastRoom = welcome.room;
    saveSession(this.o.win.sessionStorage, { token: welcome.resumeToken, room: welcome.room });
    this.start.hide();
    this.hud.show(true);
    this.joystick?.setVisible(true);
    this.inspector.toggleButton.hidden = false;
    this.steeringButton.hidden = false;
    this.hint.showFor(welcome.room, this.joystick !== null ? 'touch' : 'keys', this.steering);
    // Keep the room in the address bar so a reload (or a copied link) comes back here.
    const url = new URL(this.o.win.location.href);
    url.searchParams.set('room', welcome.room);
    url.searchParams.delete('name');
    this.o.win.history.replaceState(null, '', url);
    const feed = this.feed();
    if (this.game === null) this.game = this.o.startGame(feed);
    else if (welcome.seed !== this.shownSeed) this.o.restartGame(this.game, feed);
    this.shownSeed = welcome.seed;
  }

  private onFailure(code: string): void {
    clearSession(this.o.win.sessionStorage);
    this.hud.show(false);
    this.joystick?.setVisible(false);
    this.hint.reset();
    this.steeringButton.hidden = true;
    this.results.hide();
    this.banner.hide();
    this.start.show();
    if (code === ErrorCode.SESSION_EXPIRED && this.lastRoom !== null) void this.explainEndedSession(this.lastRoom);
    else this.start.showError(JOIN_ERRORS[code] ?? 'errSessionExpired');
  }

  /**
   * A session that cannot be resumed: either the seat's grace ran out (the room is still there:
   * join it again) or the room itself is gone (its node crashed with nothing saved, or it
   * closed), which "join the room again" would only send the student into (issue 12).
   */
  private async explainEndedSession(room: string): Promise<void> {
    this.start.prefill(room, null);
    this.start.showError('errSessionExpired');
    if (await roomIsGone(room)) this.showRoomGone(room);
  }

  private showRoomGone(room: string): void {
    this.start.prefill('', null);
    this.start.showError('errRoomGoneStudent', { code: room });
    // A reload must not try the gone room again.
    const url = new URL(this.o.win.location.href);
    url.searchParams.delete('room');
    this.o.win.history.replaceState(null, '', url);
  }

  private refresh(): void {
    const s = this.session;
    const reconnecting = s.status === 'reconnecting';
    if (reconnecting) {
      const text = this.shutdownNotice
        ? t('serverRestarting')
        : s.reconnectAttempt > 0
          ? t('reconnectingAttempt', { n: s.reconnectAttempt })
          : t('connectionLost');
      this.banner.show(text);
    } else if (this.wasReconnecting) {
      this.banner.hide();
      this.shutdownNotice = false;
      if (s.status === 'playing') this.banner.flash(t('resumed'));
    }
    this.wasReconnecting = reconnecting;

    const state = s.state;
    const welcome = s.connection.welcome;
    if (state === null || welcome === null || s.status === 'idle' || s.status === 'ended') return;
    const self = s.selfId;
    const secondsLeft = phaseSecondsLeft(state.phaseEndTick, state.tick, welcome.tickRateHz);
    this.hud.update({
      room: welcome.room,
      score: self >= 0 ? state.score[self] : 0,
      carrying: self >= 0 ? state.carrying[self] : 0,
      phase: state.phase,
      round: state.round,
      secondsLeft,
      touch: this.joystick !== null,
      teacherStarts: welcome.rounds === 'teacher',
    });
    if (state.phase === Phase.Results) {
      const ranking: RankedPlayer[] = [];
      for (let id = 0; id < state.maxPlayers; id++) {
        if (state.active[id]) ranking.push({ id, name: s.nameOf(id), score: state.score[id] });
      }
      ranking.sort((a, b) => b.score - a.score || a.id - b.id);
      this.results.show(ranking, self, secondsLeft, welcome.rounds ?? 'auto');
    } else {
      this.results.hide();
    }
  }

  private canvasLabels(): CanvasLabel[] {
    const scene = this.game?.scene.getScene(SceneKey.Game);
    if (scene === undefined || scene === null || !scene.sys.isActive()) return [];
    const labels: CanvasLabel[] = [];
    for (const o of scene.children.list) {
      if (o.type !== 'Text' || !(o as Phaser.GameObjects.Text).visible) continue;
      const t = o as Phaser.GameObjects.Text;
      labels.push({ text: t.text, fontFamily: t.style.fontFamily, fontSize: String(t.style.fontSize), fontStyle: t.style.fontStyle, strokeThickness: t.style.strokeThickness, width: t.width });
    }
    return labels;
  }

  private feed(): SceneFeed {
    const s = this.session;
    return {
      get city() {
        return s.city;
      },
      get state() {
        return s.state;
      },
      get selfId() {
        return s.selfId;
      },
      get tickRateHz() {
        return s.connection.welcome?.tickRateHz ?? 30;
      },
      frame: (nowMs) => s.frame(nowMs),
      nameOf: (id) => s.nameOf(id),
      shopLabel: () => t('shop'),
    };
  }
}

/** The server says the room does not exist (404); any other answer, or none, is not proof. */
async function roomIsGone(code: string): Promise<boolean> {
  try {
    const response = await fetch(`/api/rooms/${encodeURIComponent(code)}`, { cache: 'no-store' });
    return response.status === 404;
  } catch {
    return false;
  }
}

/** The page's localStorage, or null where the browser blocks it. */
function storageOf(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}
