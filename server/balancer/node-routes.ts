import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitControl, readBody, type AdminAuth } from './admin-guard';
import { apiError, sendJson } from './json-reply';
import { isNodeAction, type ControlledNode, type NodeControl } from './node-control';

/** What the balancer itself knows of a node (its pool and connection counts). */
export interface RoutedNode {
  id: string;
  inRotation: boolean;
  cordoned: boolean;
  players: number;
  rooms: number;
  connections: { open: number };
}

/** GET /balancer/nodes: each controlled node's process state beside what routing sees of it. */
export interface NodesView {
  nodes: (ControlledNode & { inRotation: boolean; cordoned: boolean; players: number; rooms: number; openConnections: number })[];
}

export interface NodeRoutesDeps {
  control: NodeControl;
  auth: AdminAuth;
  routed: () => Promise<readonly RoutedNode[]>;
}

export const NODES_PATH = '/balancer/nodes';
const ACTION_PATH = /^\/balancer\/nodes\/([A-Za-z0-9_-]{1,64})\/([a-z]{1,16})$/;

/**
 * The failover lesson's controls (node-control.ts), served only when the launcher that owns
 * the node processes gave the balancer a NodeControl. Same guard as the strategy switch: no
 * foreign Origin, JSON bodies, an admin or teacher token; the list too, since it says which
 * node to kill. Returns false for a path that is not one of these.
 */
export async function handleNodeRoutes(req: IncomingMessage, res: ServerResponse, pathname: string, deps: NodeRoutesDeps): Promise<boolean> {
  if (pathname === NODES_PATH) {
    if (req.method !== 'GET') return false;
    if (!(await admitControl(req, res, deps.auth, { what: 'see the cluster\'s node processes', json: false }))) return true;
    sendJson(res, 200, await view(deps));
    return true;
  }
  const match = ACTION_PATH.exec(pathname);
  if (match === null || req.method !== 'POST') return false;
  const [, id, action] = match;
  if (!(await admitControl(req, res, deps.auth, { what: 'drain, kill or start nodes', json: true }))) return true;
  const body = await readBody(req);
  if (body === null) {
    sendJson(res, 413, apiError('BODY_TOO_LARGE', 'The body is at most a small JSON object.'));
    return true;
  }
  if (body.trim() !== '' && !isJsonObject(body)) {
    sendJson(res, 400, apiError('BAD_BODY', 'Send an empty body or {}.'));
    return true;
  }
  if (!isNodeAction(action)) {
    sendJson(res, 404, apiError('NOT_FOUND', `Unknown node action "${action}"; one of drain, kill, start.`));
    return true;
  }
  const result = await deps.control.act(id, action);
  if (result.ok) sendJson(res, 200, { node: result.node });
  else sendJson(res, result.status, apiError(result.code, result.message));
  return true;
}

async function view(deps: NodeRoutesDeps): Promise<NodesView> {
  const routed = new Map((await deps.routed()).map((n) => [n.id, n]));
  return {
    nodes: deps.control.list().map((node) => {
      const r = routed.get(node.id);
      const listed = r !== undefined && node.state !== 'down';
      return {
        ...node,
        inRotation: listed && r.inRotation && !r.cordoned,
        cordoned: r?.cordoned ?? false,
        players: listed ? r.players : 0,
        rooms: listed ? r.rooms : 0,
        openConnections: r?.connections.open ?? 0,
      };
    }),
  };
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
