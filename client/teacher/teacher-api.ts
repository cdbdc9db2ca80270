import type { NodeAction } from '../../server/balancer/node-control';
import type { NodesView } from '../../server/balancer/node-routes';
import type { Conditions, RoomView } from '../../server/classroom/teacher-action';
import type { JoinInfo } from './join-address';

export type { Conditions, NodeAction, NodesView, RoomView };
export type RosterEntry = RoomView['players'][number];

/** GET /api/stats, the parts the lesson panels read (server/http/stats-route.ts). */
export interface StatsView {
  nodeId: string;
  atEpochMs: number;
  cluster: {
    enabled: boolean;
    redis: string;
    nodes: { id: string; url: string; rooms: number; players: number; load: number; heartbeatAtEpochMs: number }[];
    takeovers: number;
  };
  game: { rooms: number; players: number; tickRateHz: number; snapshotCodec: string };
  websocket: { snapshotsSent: number; snapshotBytesSent: number; inputsAccepted: number; inputsRejected: number; socketsCutOff: number };
  http: { requests: number; recent: { method: string; path: string; status: number; bytes: number; atEpochMs: number }[] };
  cache: { hits: number; misses: number; ok200: number; notModified304: number };
  security: { corsRefused: number; httpRateLimited: number; tls: boolean; corsOrigins: string[] };
}

/** GET /balancer/status (server/balancer/proxy-server.ts), the parts shown. */
export interface BalancerStatusView {
  strategy: string;
  strategies: string[];
  nodes: { id: string; inRotation?: boolean; connections: { open: number }; requests: number }[];
  openConnections: number;
  /** /balancer/nodes exists (npm run cluster's launcher owns the node processes). */
  nodeControl?: boolean;
}

/** GET /api/join-info, and whether the answer came through the Roundtrip balancer. */
export interface ServerInfo {
  join: JoinInfo | null;
  /**
   * The balancer marks every response it proxies with X-Roundtrip-Node
   * (server/balancer/proxy-server.ts); a single node never does, so the console asks
   * /balancer/status only when this is true (issue 12: no 404 on every poll).
   */
  behindBalancer: boolean;
}

/** Every call's outcome: a value, or the server's error code (or NETWORK when none came back). */
export type ApiResult<T> = { ok: true; value: T; status: number } | { ok: false; status: number; code: string; message: string };

export interface CreatedClassroom {
  code: string;
  teacherToken: string;
  joinPath: string;
}

export type TeacherAction =
  | { action: 'start'; roundSeconds?: number; restart?: boolean }
  | { action: 'end' }
  | { action: 'lock' }
  | { action: 'unlock' }
  | { action: 'kick'; playerId: number }
  | { action: 'readmit'; removalId: number }
  | { action: 'bots'; add?: number; remove?: number }
  | { action: 'conditions'; playerId?: number; conditions: Conditions };

async function call<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store' });
  } catch (error) {
    return { ok: false, status: 0, code: 'NETWORK', message: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok) return { ok: true, value: body as T, status: response.status };
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { code?: unknown; message?: unknown } }).error : null;
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error?.message === 'string' ? error.message : response.statusText,
  };
}

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  body: JSON.stringify(body),
});

/** The teacher console's calls to the classroom API (server/http/classroom-routes.ts). */
export const teacherApi = {
  createClassroom(password: string): Promise<ApiResult<CreatedClassroom>> {
    return call('/api/classrooms', json(password === '' ? {} : { password }));
  },
  view(code: string, token: string): Promise<ApiResult<RoomView>> {
    return call(`/api/rooms/${encodeURIComponent(code)}/teacher`, { headers: { authorization: `Bearer ${token}` } });
  },
  act(code: string, token: string, action: TeacherAction): Promise<ApiResult<RoomView>> {
    const { action: name, ...body } = action;
    return call(`/api/rooms/${encodeURIComponent(code)}/${name}`, json(body, token));
  },
  async serverInfo(): Promise<ServerInfo> {
    try {
      const response = await fetch('/api/join-info');
      const behindBalancer = response.headers.has('x-roundtrip-node');
      return { join: response.ok ? ((await response.json()) as JoinInfo) : null, behindBalancer };
    } catch {
      return { join: null, behindBalancer: false };
    }
  },
  stats(): Promise<ApiResult<StatsView>> {
    return call('/api/stats');
  },
  balancerStatus(): Promise<ApiResult<BalancerStatusView>> {
    return call('/balancer/status');
  },
  /** The failover lesson's node processes; asked only where /balancer/status says they exist. */
  nodes(token: string): Promise<ApiResult<NodesView>> {
    return call('/balancer/nodes', { headers: { authorization: `Bearer ${token}` } });
  },
  nodeAction(id: string, action: NodeAction, token: string): Promise<ApiResult<{ node: NodesView['nodes'][number] }>> {
    return call(`/balancer/nodes/${encodeURIComponent(id)}/${action}`, json({}, token));
  },
  /** The balancer accepts the teacher's token for the switch (server/balancer/admin-routes.ts). */
  setStrategy(strategy: string, token: string): Promise<ApiResult<{ strategy: string }>> {
    return call('/balancer/strategy', json({ strategy }, token));
  },
};
