import { ReplayLinks } from '../replay/replay-links';
import { el, setText } from '../ui/dom';
import { detectLang, getLang, onLangChange, setLang, t, type MessageKey } from '../ui/i18n';
import { CreatePanel } from './create-panel';
import { chooseJoinAddress } from './join-address';
import { JoinCard } from './join-card';
import { LessonPanel } from './lessons/lesson-panel';
import { LostRoomCard } from './lost-room-card';
import { Poller } from './poller';
import { RoomControls } from './room-controls';
import { RosterTable } from './roster-table';
import { teacherApi, type RoomView, type ServerInfo, type TeacherAction } from './teacher-api';
import { forgetTeacherToken, loadTeacherToken, saveTeacherToken } from './token-store';
import { tr } from './tr';

/** The teacher view once a second: live enough for a roster, and never faster (rate limits). */
const VIEW_POLL_MS = 1000;
/**
 * "No such room" this many times in a row before the room counts as lost: while nodes race to
 * take a room over (a drain, a crash) one answer can miss it; a lost room stays lost.
 */
const LOST_AFTER_NOT_FOUND = 2;

/** Everything shown while a room is open; dropped as a whole when the teacher leaves it. */
interface OpenRoom {
  code: string;
  token: string;
  root: HTMLElement;
  join: JoinCard;
  controls: RoomControls;
  roster: RosterTable;
  lessons: LessonPanel;
  lost: LostRoomCard;
  /** The projector view and the recorded rounds (issue 14). */
  replays: ReplayLinks;
  poller: Poller;
  last: RoomView | null;
  /** "No such room" answers in a row (see LOST_AFTER_NOT_FOUND). */
  notFound: number;
}

/**
 * The teacher console (/teacher, issue #7): open a classroom room, show how to join, run the
 * rounds and the room, and walk through the lessons. The teacher key stays in localStorage per
 * room, so /teacher?room=CODE comes back to the room after a reload.
 */
export class TeacherConsole {
  private readonly create: CreatePanel;
  private readonly main = el('main', { class: 'console-main' });
  private readonly status = el('p', { class: 'status-line', role: 'status', 'data-testid': 'console-message' });
  private readonly roomChip = el('span', { class: 'room-chip', hidden: '' });
  private readonly newRoom = tr('button', 'newRoom', { type: 'button', class: 'chip', hidden: '', 'data-testid': 'new-room' });
  private room: OpenRoom | null = null;
  /** From /api/join-info at boot: where students join, the password, the balancer. */
  private server: ServerInfo = { join: null, behindBalancer: false };
  private statusKey: { key: MessageKey; params?: Record<string, string> } | null = null;
  /**
   * The password that opened the last room (memory only, never stored), so a lost room is
   * replaced in one click on a server with TEACHER_PASSWORD.
   */
  private password = '';

  constructor(private readonly win: Window, parent: HTMLElement) {
    setLang(detectLang(win.navigator.language));
    this.create = new CreatePanel((password) => void this.createRoom(password));
    const lang = el('button', { type: 'button', class: 'chip', 'data-testid': 'lang-switch' });
    lang.addEventListener('click', () => setLang(getLang() === 'ko' ? 'en' : 'ko'));
    this.newRoom.addEventListener('click', () => this.leaveRoom());
    const title = el('div', { class: 'brand' }, el('span', { class: 'logo' }, 'Roundtrip'), tr('span', 'teacherTitle', { class: 'sub' }), this.roomChip);
    parent.append(el('header', { class: 'topbar' }, title, this.status, el('div', { class: 'row' }, this.newRoom, lang)), this.main);
    const translate = () => {
      setText(lang, t('language'));
      win.document.documentElement.lang = getLang();
      win.document.title = `Roundtrip — ${t('teacherTitle')}`;
      this.create.translate();
      this.room?.join.translate();
      this.room?.lost.translate();
      if (this.room?.last) this.render(this.room.last);
      if (this.statusKey !== null) setText(this.status, t(this.statusKey.key, this.statusKey.params));
    };
    onLangChange(translate);
    translate();
  }

  /** /teacher?room=CODE with a key in this browser reopens that room; otherwise the create card. */
  async boot(): Promise<void> {
    this.server = await teacherApi.serverInfo();
    // Unknown (the API did not answer): show the field rather than hide one that is needed.
    this.create.setPasswordRequired(this.server.join?.teacherPasswordRequired ?? true);
    const code = new URLSearchParams(this.win.location.search).get('room')?.trim().toUpperCase() ?? '';
    const token = code === '' ? null : loadTeacherToken(this.win.localStorage, code);
    if (token !== null) {
      this.openRoom(code, token);
      return;
    }
    this.showCreate();
    if (code !== '') this.create.showMessage('errTeacherToken', { code });
  }

  private showCreate(): void {
    this.main.replaceChildren(this.create.root);
    this.newRoom.hidden = true;
    this.roomChip.hidden = true;
  }

  private async createRoom(password: string): Promise<void> {
    this.create.setBusy(true);
    const result = await teacherApi.createClassroom(password);
    this.create.setBusy(false);
    if (result.ok) this.password = password;
    if (!result.ok) {
      if (result.code === 'TEACHER_PASSWORD') {
        // The server's setting changed since this page asked: show the field now.
        this.create.setPasswordRequired(true);
        this.create.showMessage('errTeacherPassword');
      }
      else if (result.code === 'NETWORK') this.create.showMessage('errNetwork');
      else this.create.showMessage('errAction', { message: result.message });
      return;
    }
    this.create.clearMessage();
    this.switchTo(result.value.code, result.value.teacherToken);
  }

  /** Opens a room just created: its key kept in this browser, its code in the address bar. */
  private switchTo(code: string, teacherToken: string): void {
    saveTeacherToken(this.win.localStorage, code, teacherToken);
    const url = new URL(this.win.location.href);
    url.searchParams.set('room', code);
    this.win.history.replaceState(null, '', url);
    this.openRoom(code, teacherToken);
  }

  /** The server found no such room: lost once it says so again (a takeover race misses once). */
  private roomNotFound(room: OpenRoom): void {
    room.notFound++;
    if (room.notFound >= LOST_AFTER_NOT_FOUND) this.markLost(room);
    else this.setStatus({ key: 'errRoomMoving' });
  }

  /**
   * The room is gone (its node crashed with nothing saved, or it closed): say so where the
   * controls were, and stop asking about it. The console stays, with one button to a new room.
   */
  private markLost(room: OpenRoom): void {
    room.poller.stop();
    room.replays.stop();
    room.lessons.stop();
    forgetTeacherToken(this.win.localStorage, room.code);
    room.root.classList.add('lost');
    room.lost.show(room.code);
    this.setStatus(null);
  }

  /** "Open a new room for this class": a new classroom, and the console (join card, QR) on it. */
  private async openFreshRoom(room: OpenRoom): Promise<void> {
    room.lost.setBusy(true);
    const result = await teacherApi.createClassroom(this.password);
    if (this.room !== room) return;
    room.lost.setBusy(false);
    if (result.ok) {
      room.join.setProjector(false);
      this.switchTo(result.value.code, result.value.teacherToken);
      return;
    }
    if (result.code === 'TEACHER_PASSWORD') {
      // The password changed (or this page never knew it): the first card asks for it.
      this.leaveRoom();
      this.create.setPasswordRequired(true);
      this.create.showMessage('errTeacherPassword');
      return;
    }
    room.lost.showMessage(result.code === 'NETWORK' ? { key: 'errNetwork' } : { key: 'errAction', params: { message: result.message } });
  }

  private openRoom(code: string, token: string): void {
    const act = (action: TeacherAction) => this.act(action);
    const join = new JoinCard(this.win.document);
    const controls = new RoomControls(act);
    const roster = new RosterTable(act);
    const lessons = new LessonPanel(this.win, code, token, this.server.behindBalancer);
    const lost = new LostRoomCard(() => {
      if (this.room !== null) void this.openFreshRoom(this.room);
    });
    const replays = new ReplayLinks(code, token);
    const root = el(
      'div',
      { class: 'console', 'data-testid': 'teacher-console' },
      el('div', { class: 'col-join' }, join.root),
      el('div', { class: 'col-run' }, lost.root, controls.root, roster.root, replays.root),
      el('div', { class: 'col-lessons' }, lessons.root),
    );
    const poller = new Poller(() => this.pollView(), VIEW_POLL_MS);
    this.room = { code, token, root, join, controls, roster, lessons, lost, replays, poller, last: null, notFound: 0 };
    this.main.replaceChildren(root);
    this.newRoom.hidden = false;
    this.roomChip.hidden = false;
    setText(this.roomChip, code);
    void join.show(code, chooseJoinAddress(this.win.location, this.server.join));
    poller.start();
    replays.start();
  }

  private leaveRoom(): void {
    const room = this.room;
    if (room === null) return;
    room.poller.stop();
    room.replays.stop();
    room.lessons.stop();
    room.join.setProjector(false);
    this.room = null;
    this.setStatus(null);
    const url = new URL(this.win.location.href);
    url.searchParams.delete('room');
    this.win.history.replaceState(null, '', url);
    this.showCreate();
  }

  private async pollView(): Promise<void> {
    const room = this.room;
    if (room === null) return;
    const result = await teacherApi.view(room.code, room.token);
    if (this.room !== room) return;
    if (result.ok) {
      room.notFound = 0;
      if (this.statusKey?.key === 'errPoll' || this.statusKey?.key === 'errRoomMoving') this.setStatus(null);
      this.render(result.value);
      return;
    }
    if (result.status === 404) {
      this.roomNotFound(room);
      return;
    }
    if (result.status === 401 || result.status === 403) {
      // The key expired (or was made by another server): nothing to come back to.
      forgetTeacherToken(this.win.localStorage, room.code);
      this.leaveRoom();
      this.create.showMessage('errRoomGone', { code: room.code });
      return;
    }
    // 503 TRY_AGAIN: the room's node is not answering; in a cluster another node takes it over.
    this.setStatus({ key: result.code === 'TRY_AGAIN' ? 'errRoomMoving' : 'errPoll' });
  }

  private async act(action: TeacherAction): Promise<void> {
    const room = this.room;
    if (room === null) return;
    const result = await teacherApi.act(room.code, room.token, action);
    if (this.room !== room) return;
    if (result.ok) {
      this.setStatus(null);
      this.render(result.value);
    } else if (result.status === 404 && result.code === 'ROOM_NOT_FOUND') {
      this.roomNotFound(room);
    } else {
      this.setStatus({ key: 'errAction', params: { message: result.message } });
    }
  }

  private render(view: RoomView): void {
    const room = this.room;
    if (room === null) return;
    room.last = view;
    room.controls.update(view);
    room.roster.update(view);
    room.lessons.setView(view);
  }

  private setStatus(status: { key: MessageKey; params?: Record<string, string> } | null): void {
    this.statusKey = status;
    setText(this.status, status === null ? '' : t(status.key, status.params));
    this.status.classList.toggle('error', status !== null);
  }
}
