import { normalizeRoomCode } from '../../shared/protocol/room-code';

/**
 * What the replay page was opened for, from its address: /replay.html#room=CODE&round=N&token=T
 * (a recording) or #room=CODE&live=1&token=T (the projector). The token rides in the fragment,
 * which the browser never sends to a server or puts in a Referer; the page keeps it in this
 * tab's sessionStorage and takes it out of the address bar at once, so a reload still works and
 * the address can be shown or shared without the key.
 */
export interface ReplayAddress {
  room: string;
  /** null: the newest finished round. */
  round: number | null;
  live: boolean;
  token: string | null;
}

const STORAGE_PREFIX = 'roundtrip.replay-token.';

export function readReplayAddress(win: Window): ReplayAddress | null {
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const room = normalizeRoomCode(params.get('room') ?? '');
  if (room === null) return null;
  const roundText = params.get('round');
  const round = roundText !== null && /^[1-9]\d{0,8}$/.test(roundText) ? Number(roundText) : null;
  const live = params.get('live') === '1';
  let token = params.get('token');
  const storage = win.sessionStorage;
  if (token !== null && token !== '') {
    storage.setItem(STORAGE_PREFIX + room, token);
    params.delete('token');
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}#${params.toString()}`);
  } else {
    token = storage.getItem(STORAGE_PREFIX + room);
  }
  return { room, round, live, token: token === '' ? null : token };
}

/** The page's address for a room's replay (round null: the newest) or its live view. */
export function replayHref(room: string, token: string, what: { round: number | null } | 'live'): string {
  const params = new URLSearchParams({ room });
  if (what === 'live') params.set('live', '1');
  else if (what.round !== null) params.set('round', String(what.round));
  params.set('token', token);
  return `/replay.html#${params.toString()}`;
}
