import type { IncomingMessage } from 'node:http';
import { normalizeRoomCode } from '../../shared/protocol/room-code';

/** socket.io's default path; the nodes do not change it. */
export const SOCKET_IO_PATH = '/socket.io/';
/** Balancer cookie naming the node of an engine.io session (fallback to the sid map). */
export const NODE_COOKIE = 'rt_node';

/** What the balancer reads from a request before choosing a node. */
export interface RouteHints {
  pathname: string;
  isSocketIo: boolean;
  /** engine.io session id: present on every request after the handshake. */
  sid: string | null;
  transport: string | null;
  /** Room named by `?room=CODE` (socket.io handshake) or `/api/rooms/CODE...`. */
  roomCode: string | null;
  /** Node named by the balancer cookie, if any. */
  cookieNodeId: string | null;
}

const API_ROOM_PATH = /^\/api\/rooms\/([^/?#]+)/;

export function readRouteHints(req: IncomingMessage): RouteHints {
  // Only the path and query matter; the base is a placeholder for the URL parser.
  const url = new URL(req.url ?? '/', 'http://balancer.invalid');
  const isSocketIo = url.pathname.startsWith(SOCKET_IO_PATH);
  let roomCode: string | null = null;
  if (isSocketIo) roomCode = normalizeRoomCode(url.searchParams.get('room'));
  else {
    const match = API_ROOM_PATH.exec(url.pathname);
    if (match !== null) roomCode = normalizeRoomCode(safeDecode(match[1]));
  }
  return {
    pathname: url.pathname,
    isSocketIo,
    sid: isSocketIo ? url.searchParams.get('sid') : null,
    transport: isSocketIo ? url.searchParams.get('transport') : null,
    roomCode,
    cookieNodeId: readCookie(req.headers.cookie, NODE_COOKIE),
  };
}

export function nodeCookie(nodeId: string): string {
  // Session cookie (no Max-Age): it only has to outlive one engine.io session.
  return `${NODE_COOKIE}=${encodeURIComponent(nodeId)}; Path=/; HttpOnly; SameSite=Lax`;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
