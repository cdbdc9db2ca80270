import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthTokens } from '../security/auth-tokens';
import { admitControl, readBody } from './admin-guard';
import type { BalancerMetrics } from './balancer-metrics';
import { apiError, sendJson } from './json-reply';
import type { NodeControl } from './node-control';
import { handleNodeRoutes, type RoutedNode } from './node-routes';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies/strategy';

export { apiError, sendJson };

/** Paths the balancer answers itself; everything else goes to a node. */
export const BalancerPath = {
  Metrics: '/metrics',
  Status: '/balancer/status',
  Strategy: '/balancer/strategy',
  /** The failover lesson's node processes (only where the launcher offers them). */
  Nodes: '/balancer/nodes',
} as const;

export interface AdminDeps {
  metrics: BalancerMetrics;
  status: () => Promise<unknown>;
  setStrategy: (name: StrategyName) => void;
  /** An operator's bearer token for POST /balancer/strategy (BALANCER_ADMIN_TOKEN). */
  adminToken: string | undefined;
  /** Verifies teacher tokens (the cluster's JWT_SECRET): a classroom's teacher may switch too. */
  teacherTokens: AuthTokens | undefined;
  /** Drain / kill / start of node processes: only `npm run cluster`'s launcher has one. */
  nodeControl?: NodeControl | undefined;
  /** The pool's view of each node, for GET /balancer/nodes. */
  routed: () => Promise<readonly RoutedNode[]>;
}

export function isBalancerPath(pathname: string): boolean {
  return pathname === BalancerPath.Metrics || pathname.startsWith('/balancer/');
}

/** Answers the balancer's own endpoints. Never throws: failures become JSON errors. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, pathname: string, deps: AdminDeps): Promise<void> {
  try {
    if (pathname === BalancerPath.Metrics && req.method === 'GET') {
      const text = await deps.metrics.render();
      res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' }).end(text);
    } else if (pathname === BalancerPath.Status && req.method === 'GET') {
      sendJson(res, 200, await deps.status());
    } else if (pathname === BalancerPath.Strategy && req.method === 'POST') {
      await switchStrategy(req, res, deps);
    } else if (deps.nodeControl !== undefined && pathname.startsWith(BalancerPath.Nodes)) {
      const auth = { adminToken: deps.adminToken, teacherTokens: deps.teacherTokens };
      if (!(await handleNodeRoutes(req, res, pathname, { control: deps.nodeControl, auth, routed: deps.routed }))) notFound(req, res, pathname);
    } else {
      notFound(req, res, pathname);
    }
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, apiError('INTERNAL', error instanceof Error ? error.message : 'Internal error.'));
    else res.destroy();
  }
}

function notFound(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  sendJson(res, 404, apiError('NOT_FOUND', `Nothing at ${req.method} ${pathname.slice(0, 100)}.`));
}

/** The strategy switch changes routing for everyone: the control guard (admin-guard.ts) first. */
async function switchStrategy(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  if (!(await admitControl(req, res, deps, { what: 'switch the strategy', json: true }))) return;
  const body = await readBody(req);
  if (body === null) {
    sendJson(res, 413, apiError('BODY_TOO_LARGE', 'At most 1024 bytes.'));
    return;
  }
  let strategy: unknown;
  try {
    strategy = (JSON.parse(body) as { strategy?: unknown }).strategy;
  } catch {
    strategy = undefined;
  }
  if (!isStrategyName(strategy)) {
    sendJson(res, 400, apiError('BAD_STRATEGY', `Send {"strategy": one of ${STRATEGY_NAMES.join(', ')}}.`));
    return;
  }
  deps.setStrategy(strategy);
  sendJson(res, 200, { strategy });
}
