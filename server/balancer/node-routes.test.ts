import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNodeRegistry } from '../cluster/node-registry';
import type { GameNode } from '../game-node';
import { createLogger } from '../logger';
import { AuthTokens } from '../security/auth-tokens';
import { connectAndLand, countBy, loopbackAddress } from '../test-support/landing-client';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { NodeAction, NodeProcessState, type ControlledNode, type NodeAction as Action, type NodeActionResult, type NodeControl } from './node-control';
import type { Balancer } from './balancer-api';
import { startBalancer } from './proxy-server';
import { StrategyName } from './strategies/strategy';

/**
 * The failover lesson's API on the balancer (issue 12): GET /balancer/nodes and POST
 * /balancer/nodes/:id/drain|kill|start exist only when the launcher hands the balancer a
 * NodeControl, and then only for an admin or a teacher token, same-origin, JSON. The launcher's
 * real NodeControl (processes) has its own test (server/launcher/node-supervisor.test.ts); here
 * the control records what reached it, so each refusal is seen to stop a request before it.
 */
const log = createLogger('silent', 'node-routes-test');
const SECRET = 'node-routes-test-secret-0123456789abcdefghij';
const ADMIN = 'admin-token-for-the-node-routes-test';

class RecordingControl implements NodeControl {
  readonly calls: string[] = [];
  private readonly nodes: ControlledNode[] = [
    { id: 'node-1', state: NodeProcessState.Up, lastExit: null, sinceEpochMs: 1 },
    { id: 'node-2', state: NodeProcessState.Up, lastExit: null, sinceEpochMs: 1 },
  ];

  list(): ControlledNode[] {
    return this.nodes.map((n) => ({ ...n }));
  }

  async act(id: string, action: Action): Promise<NodeActionResult> {
    this.calls.push(`${action} ${id}`);
    const node = this.nodes.find((n) => n.id === id);
    if (node === undefined) return { ok: false, status: 404, code: 'NODE_NOT_FOUND', message: `no ${id}` };
    if (action === NodeAction.Kill && node.state === NodeProcessState.Down) return { ok: false, status: 409, code: 'NODE_DOWN', message: `${id} is not running.` };
    node.state = action === NodeAction.Start ? NodeProcessState.Starting : action === NodeAction.Drain ? NodeProcessState.Draining : NodeProcessState.Down;
    return { ok: true, node: { ...node } };
  }
}

describe('the balancer\'s node controls', () => {
  const auth = new AuthTokens(SECRET);
  const registry = new MemoryNodeRegistry(600_000);
  const control = new RecordingControl();
  const nodes: GameNode[] = [];
  let withControl: Balancer;
  let without: Balancer;
  let teacher = '';
  let player = '';

  beforeAll(async () => {
    for (const id of ['node-1', 'node-2']) {
      const node = await startTestNode({ nodeId: id, jwtSecret: SECRET });
      nodes.push(node);
      await registry.heartbeat({ id, url: node.url, rooms: 0, players: 0, load: 0, startedAtEpochMs: 0 });
    }
    withControl = await startBalancer({ registry, log, strategy: StrategyName.RoundRobin, adminToken: ADMIN, teacherTokens: auth, nodeControl: control, pollIntervalMs: 100 });
    without = await startBalancer({ registry, log, adminToken: ADMIN, teacherTokens: auth });
    teacher = await auth.signTeacher('ROOM1');
    player = await auth.signPlayer('ROOM1', 0, 'Ana', 'session-1');
  });

  afterAll(async () => {
    await withControl?.stop();
    await without?.stop();
    await Promise.all(nodes.map((n) => n.stop()));
  });

  const post = (b: Balancer, path: string, headers: Record<string, string>, body = '{}') => fetch(`${b.url}${path}`, { method: 'POST', headers, body });
  const json = { 'content-type': 'application/json' };
  const code = async (response: Response) => ((await response.json()) as { error?: { code: string } }).error?.code;

  it('does not exist on a balancer the launcher gave no control (a production or standalone balancer)', async () => {
    expect((await fetch(`${without.url}/balancer/nodes`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
    expect((await post(without, '/balancer/nodes/node-1/kill', { ...json, authorization: `Bearer ${ADMIN}` })).status).toBe(404);
    expect(((await (await fetch(`${without.url}/balancer/status`)).json()) as { nodeControl: boolean }).nodeControl).toBe(false);
    expect(((await (await fetch(`${withControl.url}/balancer/status`)).json()) as { nodeControl: boolean }).nodeControl).toBe(true);
  });

  it('refuses without a token, with a player\'s token, from a foreign origin, and anything but small JSON', async () => {
    const list = await fetch(`${withControl.url}/balancer/nodes`);
    expect(list.status).toBe(401);
    expect(list.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await fetch(`${withControl.url}/balancer/nodes`, { headers: { authorization: `Bearer ${player}` } })).status).toBe(401);
    expect((await fetch(`${withControl.url}/balancer/nodes`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    expect((await post(withControl, '/balancer/nodes/node-1/kill', json)).status).toBe(401);
    expect((await post(withControl, '/balancer/nodes/node-1/kill', { ...json, authorization: `Bearer ${player}` })).status).toBe(401);

    const foreign = await post(withControl, '/balancer/nodes/node-1/kill', { ...json, authorization: `Bearer ${teacher}`, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await code(foreign)).toBe('CORS_ORIGIN_REFUSED');
    const foreignList = await fetch(`${withControl.url}/balancer/nodes`, { headers: { authorization: `Bearer ${teacher}`, origin: 'https://evil.example' } });
    expect(foreignList.status).toBe(403);
    // A form post (what a cross-site page can send without a preflight) is not JSON.
    const form = await post(withControl, '/balancer/nodes/node-1/kill', { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${teacher}` }, 'a=1');
    expect(form.status).toBe(415);
    expect((await post(withControl, '/balancer/nodes/node-1/kill', { ...json, authorization: `Bearer ${teacher}` }, '[1]')).status).toBe(400);
    expect((await post(withControl, '/balancer/nodes/node-1/kill', { ...json, authorization: `Bearer ${teacher}` }, JSON.stringify({ pad: 'x'.repeat(2000) }))).status).toBe(413);
    expect((await post(withControl, '/balancer/nodes/node-1/reboot', { ...json, authorization: `Bearer ${teacher}` })).status).toBe(404);
    // None of it reached the nodes.
    expect(control.calls).toEqual([]);
  });

  it('lists the nodes and acts for a teacher token of any room, or the admin token; the control\'s refusals come through', async () => {
    const list = await fetch(`${withControl.url}/balancer/nodes`, { headers: { authorization: `Bearer ${teacher}` } });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const body = (await list.json()) as { nodes: { id: string; state: string; inRotation: boolean; players: number }[] };
    expect(body.nodes.map((n) => [n.id, n.state, n.inRotation])).toEqual([
      ['node-1', 'up', true],
      ['node-2', 'up', true],
    ]);
    const drained = await post(withControl, '/balancer/nodes/node-1/drain', { ...json, authorization: `Bearer ${teacher}` }, '');
    expect(drained.status).toBe(200);
    expect(((await drained.json()) as { node: ControlledNode }).node.state).toBe('draining');
    expect((await post(withControl, '/balancer/nodes/node-2/kill', { ...json, authorization: `Bearer ${ADMIN}` })).status).toBe(200);
    const again = await post(withControl, '/balancer/nodes/node-2/kill', { ...json, authorization: `Bearer ${ADMIN}` });
    expect(again.status).toBe(409);
    expect(await code(again)).toBe('NODE_DOWN');
    expect((await post(withControl, '/balancer/nodes/node-9/start', { ...json, authorization: `Bearer ${ADMIN}` })).status).toBe(404);
    expect(control.calls).toEqual(['drain node-1', 'kill node-2', 'kill node-2', 'start node-9']);
  });

  it('a cordoned node gets no new connections, and gets them again once uncordoned', async () => {
    const room1 = await createRoom(nodes[0]);
    const room2 = await createRoom(nodes[1]);
    withControl.cordon('node-1');
    const status = await withControl.status();
    expect(status.nodes.find((n) => n.id === 'node-1')).toMatchObject({ inRotation: true, cordoned: true });
    const landed = await Promise.all([0, 1, 2, 3].map((i) => connectAndLand(withControl.url, [room2, room1], { localAddress: loopbackAddress(80 + i) })));
    expect(countBy(landed, (c) => c.nodeId)).toEqual(new Map([['node-2', 4]]));
    await Promise.all(landed.map((c) => c.connection.leave()));
    withControl.uncordon('node-1');
    const spread = await Promise.all([0, 1, 2, 3].map((i) => connectAndLand(withControl.url, [room1, room2], { localAddress: loopbackAddress(90 + i) })));
    expect(countBy(spread, (c) => c.nodeId).get('node-1')).toBe(2);
    expect(countBy(spread, (c) => c.nodeId).get('node-2')).toBe(2);
    await Promise.all(spread.map((c) => c.connection.leave()));
  });
});
