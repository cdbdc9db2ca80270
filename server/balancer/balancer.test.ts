import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNodeRegistry } from '../cluster/node-registry';
import { AuthTokens } from '../security/auth-tokens';
import { MemoryRoomDirectory } from '../cluster/room-directory';
import type { GameNode } from '../game-node';
import { createLogger } from '../logger';
import { connectAndLand, countBy, loopbackAddress, type LandedClient } from '../test-support/landing-client';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';
import { rendezvousPick } from './consistent-hash';
import type { Balancer } from './balancer-api';
import { startBalancer } from './proxy-server';
import { STRATEGY_NAMES, StrategyName } from './strategies/strategy';

const log = createLogger('silent', 'balancer-test');
const NODE_IDS = ['node-1', 'node-2', 'node-3'];

describe('balancer in front of three game nodes', () => {
  const nodes: GameNode[] = [];
  /** One room per node, in NODE_IDS order: where a client can join tells where it landed. */
  const rooms: string[] = [];
  const registry = new MemoryNodeRegistry(600_000);
  const directory = new MemoryRoomDirectory();
  let balancer: Balancer;
  let clients: LandedClient[] = [];

  beforeAll(async () => {
    for (const id of NODE_IDS) {
      const node = await startTestNode({ nodeId: id, maxPlayersPerRoom: 200, resumeGraceMs: 1000 });
      nodes.push(node);
      const code = await createRoom(node);
      rooms.push(code);
      await directory.claim(code, id, 600_000);
      await registry.heartbeat({ id, url: node.url, rooms: 1, players: 0, load: 0, startedAtEpochMs: Date.now() });
    }
    balancer = await startBalancer({ registry, roomDirectory: directory, strategy: StrategyName.RoundRobin, log, pollIntervalMs: 200 });
  });

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.connection.leave()));
    clients = [];
    await waitFor('balancer connections closed', async () => (await balancer.status()).openConnections === 0);
  });

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(nodes.map((n) => n.stop()));
  });

  /**
   * `guess(i)` names the node client i probably lands on: its room is tried first, which only
   * saves join round trips (a wrong guess costs one ROOM_NOT_FOUND, never a wrong answer).
   */
  async function land(
    count: number,
    address: (i: number) => string,
    transports?: ('websocket' | 'polling')[],
    guess: (i: number) => number = (i) => i,
  ): Promise<LandedClient[]> {
    const ordered = (i: number) => rooms.map((_, k) => rooms[(guess(i) + k) % rooms.length]);
    const landed = await Promise.all(
      Array.from({ length: count }, (_, i) => connectAndLand(balancer.url, ordered(i), { localAddress: address(i), transports })),
    );
    clients.push(...landed);
    return landed;
  }

  it('round-robin spreads 30 clients evenly over 3 nodes', async () => {
    balancer.setStrategy(StrategyName.RoundRobin);
    const landed = await land(30, loopbackAddress);
    expect(Object.fromEntries(countBy(landed, (c) => c.nodeId))).toEqual({ 'node-1': 10, 'node-2': 10, 'node-3': 10 });
  });

  it('least-connections fills the emptiest node', async () => {
    balancer.setStrategy(StrategyName.LeastConnections);
    const first = await land(12, loopbackAddress);
    expect([...countBy(first, (c) => c.nodeId).values()]).toEqual([4, 4, 4]);
    // Empty node-2, then the next four all belong there.
    await Promise.all(first.filter((c) => c.nodeId === 'node-2').map((c) => c.connection.leave()));
    await waitFor('node-2 drained', async () => (await balancer.status()).nodes.find((n) => n.id === 'node-2')?.connections.open === 0);
    const next = await land(4, (i) => loopbackAddress(100 + i));
    expect(next.map((c) => c.nodeId)).toEqual(['node-2', 'node-2', 'node-2', 'node-2']);
  });

  it('ip-hash sends every client of one address to one node, the same after a reconnect', async () => {
    balancer.setStrategy(StrategyName.IpHash);
    // 30 clients from 10 addresses, 3 each.
    const expected = (i: number) => NODE_IDS.indexOf(rendezvousPick(loopbackAddress(i % 10), NODE_IDS) ?? '');
    const landed = await land(30, (i) => loopbackAddress(i % 10), undefined, expected);
    const byAddress = new Map<string, Set<string>>();
    landed.forEach((c, i) => {
      const address = loopbackAddress(i % 10);
      byAddress.set(address, (byAddress.get(address) ?? new Set()).add(c.nodeId));
    });
    for (const [address, nodeIds] of byAddress) {
      expect([...nodeIds]).toEqual([rendezvousPick(address, NODE_IDS)]);
    }
    expect(new Set(landed.map((c) => c.nodeId)).size).toBeGreaterThan(1);
    // Reconnect: same address, same node.
    const again = await land(10, (i) => loopbackAddress(i), undefined, expected);
    again.forEach((c, i) => expect(c.nodeId).toBe(rendezvousPick(loopbackAddress(i), NODE_IDS)));
  });

  it('room-affinity sends a join to the room owner whatever the address', async () => {
    balancer.setStrategy(StrategyName.RoomAffinity);
    const owned = rooms[2];
    const landed = await Promise.all(
      Array.from({ length: 6 }, (_, i) => connectAndLand(balancer.url, [owned], { localAddress: loopbackAddress(i) })),
    );
    clients.push(...landed);
    expect(landed.map((c) => c.nodeId)).toEqual(Array(6).fill('node-3'));
    // The school-NAT view: six clients, six addresses, all on node-3.
    const status = await balancer.status();
    expect(status.nodes.find((n) => n.id === 'node-3')?.connections).toMatchObject({ open: 6, distinctIps: 6, maxPerIp: 1 });
  });

  it('long-polling-only clients (and polling -> websocket upgrades) work under every strategy', async () => {
    for (const strategy of STRATEGY_NAMES) {
      balancer.setStrategy(strategy);
      const polling = await land(2, (i) => loopbackAddress(20 + i), ['polling']);
      const upgrading = await land(1, (i) => loopbackAddress(30 + i), ['polling', 'websocket']);
      // Several poll cycles: every GET/POST of each session must reach the node that made it.
      await waitFor(`${strategy}: snapshots over polling`, () => [...polling, ...upgrading].every((c) => c.connection.snapshotsReceived >= 5));
      expect([...polling, ...upgrading].every((c) => c.connection.connected)).toBe(true);
      await Promise.all([...polling, ...upgrading].map((c) => c.connection.leave()));
      clients = [];
      // The close packets end the polling sessions at once, not at the idle sweep.
      await waitFor(`${strategy}: sessions closed`, async () => (await balancer.status()).openConnections === 0);
    }
  });

  it('a node that breaks mid-request gets 502 JSON and the balancer carries on', async () => {
    // Passes health checks, drops every other request on the floor.
    const broken = http.createServer((req, res) => {
      if (req.url === '/healthz') res.end('{"status":"ok"}');
      else req.socket.destroy();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    const localRegistry = new MemoryNodeRegistry(600_000);
    await localRegistry.heartbeat({ id: 'broken', url: brokenUrl, rooms: 0, players: 0, load: 0, startedAtEpochMs: Date.now() });
    const lonely = await startBalancer({ registry: localRegistry, log, pollIntervalMs: 10_000 });
    try {
      const response = await fetch(`${lonely.url}/api/rooms`, { method: 'POST' });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_GATEWAY' } });
      const status = await fetch(`${lonely.url}/balancer/status`);
      expect(status.status).toBe(200);
    } finally {
      await lonely.stop();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });

  it('answers 503 JSON when no node is in rotation', async () => {
    const empty = await startBalancer({ registry: new MemoryNodeRegistry(), log });
    try {
      const response = await fetch(`${empty.url}/api/rooms`, { method: 'POST' });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'NO_NODES' } });
    } finally {
      await empty.stop();
    }
  });

  it('switches strategy at run time through the admin call, with the admin token or a teacher\'s', async () => {
    const teacherTokens = new AuthTokens('balancer-test-secret-0123456789abcdefghij');
    const guarded = await startBalancer({ registry, log, adminToken: 's3cret-token', teacherTokens });
    try {
      const post = (headers: Record<string, string>, body = '{"strategy":"least-connections"}') =>
        fetch(`${guarded.url}/balancer/strategy`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
      // A player's token, or one signed with another secret, is not a teacher's.
      expect((await post({ authorization: `Bearer ${await teacherTokens.signPlayer('BCDFG', 1, 'Bo', 'sid')}` })).status).toBe(401);
      expect((await post({ authorization: `Bearer ${await new AuthTokens('another-secret-0123456789abcdefghijklmn').signTeacher('BCDFG')}` })).status).toBe(401);
      expect(guarded.strategy).toBe('ip-hash');
      expect((await post({ authorization: 'Bearer s3cret-token' })).status).toBe(200);
      expect(guarded.strategy).toBe('least-connections');
      const teacher = `Bearer ${await teacherTokens.signTeacher('BCDFG')}`;
      expect((await post({ authorization: teacher }, '{"strategy":"round-robin"}')).status).toBe(200);
      expect(guarded.strategy).toBe('round-robin');
      expect((await post({ authorization: teacher }, '{"strategy":"random"}')).status).toBe(400);
      expect(guarded.strategy).toBe('round-robin');
    } finally {
      await guarded.stop();
    }
  });

  // Issue 13 §8: a page elsewhere could switch it with a cross-site text/plain POST.
  it('refuses a foreign Origin and anything but JSON, and refuses everyone when no token is configured', async () => {
    const guarded = await startBalancer({ registry, log, adminToken: 's3cret-token' });
    const open = await startBalancer({ registry, log });
    try {
      const post = (url: string, headers: Record<string, string>) =>
        fetch(`${url}/balancer/strategy`, { method: 'POST', headers, body: '{"strategy":"least-connections"}' });
      const auth = { authorization: 'Bearer s3cret-token' };
      expect((await post(guarded.url, { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
      expect((await post(guarded.url, { ...auth, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await post(guarded.url, { ...auth, 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
      expect(guarded.strategy).toBe('ip-hash');
      expect((await post(guarded.url, { ...auth, 'content-type': 'application/json', origin: guarded.url })).status).toBe(200);
      // No admin token and no teacher tokens: nobody may switch, loopback or not.
      expect((await post(open.url, { 'content-type': 'application/json' })).status).toBe(403);
      expect(open.strategy).toBe('ip-hash');
    } finally {
      await guarded.stop();
      await open.stop();
    }
  });

  it('serves its own /metrics as Prometheus text with per-node counters, and /balancer/status', async () => {
    balancer.setStrategy(StrategyName.RoundRobin);
    await land(3, loopbackAddress);
    const response = await fetch(`${balancer.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (-?[\d.e+-]+|NaN|[+-]Inf)$/.exec(line);
      expect(match, `not a Prometheus sample line: ${line}`).not.toBeNull();
      if (match !== null) samples.set(match[1], Number(match[2]));
    }
    for (const id of NODE_IDS) {
      expect(samples.get(`roundtrip_balancer_requests_total{node="${id}",strategy="round-robin",kind="websocket"}`)).toBeGreaterThanOrEqual(1);
      expect(samples.get(`roundtrip_balancer_open_connections{node="${id}",strategy="round-robin"}`)).toBe(1);
      expect(samples.get(`roundtrip_balancer_node_up{node="${id}"}`)).toBe(1);
    }
    expect(samples.get('roundtrip_balancer_strategy{strategy="round-robin"}')).toBe(1);
    const status = (await (await fetch(`${balancer.url}/balancer/status`)).json()) as { strategy: string; nodes: { id: string; inRotation: boolean }[] };
    expect(status.strategy).toBe('round-robin');
    expect(status.nodes.map((n) => [n.id, n.inRotation])).toEqual(NODE_IDS.map((id) => [id, true]));
  });
});
