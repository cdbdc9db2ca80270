import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { GameConnection } from '../../client/net/game-connection';
import type { GameNode } from '../game-node';
import { startNodeProcess, type NodeProcess } from '../process/node-process';
import { startRedis, startRedisCluster, type RedisClusterProcess, type RedisProcess } from '../process/redis-server';
import { startTestNode } from '../test-support/start-test-node';
import { waitFor } from '../test-support/wait-for';
import { cleanupAfterEach } from '../test-support/test-cleanups';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const onCleanup = cleanupAfterEach();

function bot(url: string, name: string, quirk = 0): BotPlayer {
  const player = new BotPlayer({ url, name, quirk });
  onCleanup(() => player.stop());
  return player;
}

async function createRoomAt(url: string): Promise<string> {
  const response = await fetch(`${url}/api/rooms`, { method: 'POST' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

async function inProcessNode(nodeId: string, overrides: Parameters<typeof startTestNode>[0] = {}): Promise<GameNode> {
  const node = await startTestNode({ nodeId, redisUrl: redis.url, ...overrides });
  onCleanup(() => node.stop());
  return node;
}

describe('two nodes over Redis', () => {
  it('players on different nodes play in one room and see each other; the owner publishes only when it must', async () => {
    const owner = await inProcessNode('node-a');
    const other = await inProcessNode('node-b');
    const code = await createRoomAt(owner.url);

    const local = bot(owner.url, 'Local', 0);
    await local.join(code);
    // Every player on the owner: snapshots are broadcast locally, nothing goes to Redis.
    await waitFor('snapshots flowing locally', () => local.connection.snapshotsReceived > 10);
    expect(owner.broadcaster.clusterBroadcasts).toBe(0);

    const remote = bot(other.url, 'Remote', 1);
    const welcome = await remote.join(code);
    expect(welcome.nodeId).toBe('node-b');
    expect(welcome.ownerNodeId).toBe('node-a');
    expect(other.rooms.get(code)).toBeUndefined();

    await waitFor('the remote player in the local player\'s view', () => local.connection.decoder!.state.active[welcome.playerId] === 1);
    await waitFor('the remote bot synced and moving', () => remote.connection.decoder!.synced && remote.connection.decoder!.state.speed[welcome.playerId] !== 0);
    const localId = local.playerId;
    const x0 = remote.connection.decoder!.state.px[localId];
    const y0 = remote.connection.decoder!.state.py[localId];
    await waitFor('the local bot moving on the remote bot\'s screen', () => {
      const s = remote.connection.decoder!.state;
      return s.px[localId] !== x0 || s.py[localId] !== y0;
    });
    // The remote bot's inputs reach the owner: its acknowledged sequence climbs there.
    const room = owner.rooms.get(code)!;
    await waitFor('relayed inputs applied by the owner', () => room.world.ackSeq[welcome.playerId] > 10);
    expect(owner.broadcaster.clusterBroadcasts).toBeGreaterThan(0);
    const metrics = await (await fetch(`${owner.url}/metrics`)).text();
    expect(Number(/^roundtrip_redis_publishes_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^roundtrip_redis_publishes_per_tick\{/m);
    expect(remote.connection.decodeErrors).toBe(0);

    // Any node can tell where a room lives and how many are in it.
    const infoFromOther = async () => (await (await fetch(`${other.url}/api/rooms/${code}`)).json()) as { owner?: string; players?: number };
    await waitFor('room info with both players, from the other node', async () => (await infoFromOther()).players === 2);
    expect((await infoFromOther()).owner).toBe('node-a');
  }, 30_000);

  it('room codes are unique across the cluster and a remote leave frees the slot on the owner', async () => {
    const a = await inProcessNode('node-c');
    const b = await inProcessNode('node-d');
    const codes = new Set<string>();
    for (let i = 0; i < 10; i++) codes.add(await createRoomAt(i % 2 === 0 ? a.url : b.url));
    expect(codes.size).toBe(10);
    const code = [...codes].find((c) => a.rooms.get(c) !== undefined)!;
    const player = new GameConnection({ url: b.url });
    onCleanup(() => player.close());
    const welcome = await player.join(code, 'Leaver');
    const room = a.rooms.get(code)!;
    expect(room.world.active[welcome.playerId]).toBe(1);
    await player.leave();
    await waitFor('the owner freeing the slot', () => room.world.active[welcome.playerId] === 0);
  });
});

describe('failover', () => {
  it('kill the owner: another node takes the room over, its players keep playing, the killed node\'s players resume with their score', async () => {
    const nodes: NodeProcess[] = [];
    onCleanup(() => Promise.all(nodes.map((n) => n.kill())));
    nodes.push(await startNodeProcess({ NODE_ID: 'node-1', REDIS_URL: redis.url }));
    nodes.push(await startNodeProcess({ NODE_ID: 'node-2', REDIS_URL: redis.url }));
    const [first, second] = nodes;
    const code = await createRoomAt(first.url);

    const onOwner = bot(first.url, 'OnOwner', 0);
    const onSurvivor = bot(second.url, 'OnSurvivor', 1);
    const ownerWelcome = await onOwner.join(code);
    const survivorWelcome = await onSurvivor.join(code);
    await waitFor('both synced', () => onOwner.connection.decoder!.synced && onSurvivor.connection.decoder!.synced);
    // Let the owner save a snapshot with both players in it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const scoreBefore = onSurvivor.connection.decoder!.state.score[ownerWelcome.playerId];

    const killedAt = performance.now();
    await first.kill();
    // The survivor's node notices the lapsed lease and restores the room from its snapshot.
    const tickAtKill = onSurvivor.connection.decoder!.state.tick;
    await waitFor('the room ticking again on the surviving node', () => onSurvivor.connection.decoder!.state.tick > tickAtKill, 15_000);
    const failoverMs = performance.now() - killedAt;
    await waitFor('a second of play on the surviving node', () => onSurvivor.connection.decoder!.state.tick > tickAtKill + 30, 10_000);
    expect(onSurvivor.connection.connected).toBe(true);
    expect(onSurvivor.playerId).toBe(survivorWelcome.playerId);

    // The killed node's player comes back through the survivor with its token.
    onOwner.stop();
    const back = new GameConnection({ url: second.url });
    onCleanup(() => back.close());
    const resumed = await back.resume(ownerWelcome.resumeToken);
    expect(resumed.playerId).toBe(ownerWelcome.playerId);
    expect(resumed.room).toBe(code);
    expect(resumed.ownerNodeId).toBe('node-2');
    await waitFor('the resumed replica', () => back.decoder?.synced === true);
    expect(back.decoder!.state.score[ownerWelcome.playerId]).toBeGreaterThanOrEqual(scoreBefore);
    process.stdout.write(`failover: room ticking again ${Math.round(failoverMs)} ms after the owner was killed\n`);
  }, 60_000);
});

describe('Redis down', () => {
  it('nodes keep their local rooms ticking, report degraded health, and recover when Redis returns', async () => {
    const ownRedis = await startRedis();
    onCleanup(() => ownRedis.stop());
    const node = await inProcessNode('node-r', { redisUrl: ownRedis.url });
    const code = await createRoomAt(node.url);
    const player = bot(node.url, 'Steady');
    await player.join(code);
    await waitFor('snapshots', () => player.connection.snapshotsReceived > 5);

    await ownRedis.kill();
    await waitFor('degraded health', async () => ((await (await fetch(`${node.url}/healthz`)).json()) as { status: string }).status === 'degraded');
    const before = player.connection.snapshotsReceived;
    await waitFor('the local room still ticking without Redis', () => player.connection.snapshotsReceived > before + 60, 10_000);
    expect(node.loop.isRunning).toBe(true);

    await ownRedis.restart();
    await waitFor('healthy again', async () => ((await (await fetch(`${node.url}/healthz`)).json()) as { status: string }).status === 'ok', 15_000);
    // The node claims its room back in the emptied Redis.
    await waitFor('the lease re-claimed', async () => (await node.cluster.roomInfo(code))?.owner === 'node-r', 10_000);
    expect(player.connection.connected).toBe(true);
  }, 60_000);
});

describe('on a Redis Cluster', () => {
  let cluster: RedisClusterProcess;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('the same seams run on three masters: cross-node play and room info', async () => {
    const a = await startTestNode({ nodeId: 'rc-a', redisClusterNodes: cluster.nodes });
    const b = await startTestNode({ nodeId: 'rc-b', redisClusterNodes: cluster.nodes });
    onCleanup(() => a.stop());
    onCleanup(() => b.stop());
    const code = await createRoomAt(a.url);
    const local = bot(a.url, 'Here', 0);
    const remote = bot(b.url, 'There', 1);
    await local.join(code);
    const welcome = await remote.join(code);
    expect(welcome.ownerNodeId).toBe('rc-a');
    await waitFor('cross-node snapshots on the cluster', () => remote.connection.decoder!.synced && remote.connection.snapshotsReceived > 20);
    await waitFor('relayed inputs applied', () => a.rooms.get(code)!.world.ackSeq[welcome.playerId] > 10);
  }, 40_000);
});
