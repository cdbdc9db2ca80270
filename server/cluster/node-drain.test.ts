import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import { startBalancer } from '../balancer/proxy-server';
import { StrategyName } from '../balancer/strategies/strategy';
import type { GameNode } from '../game-node';
import { createLogger } from '../logger';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';
import { createRedisConnection } from './redis-connection';
import { RedisNodeRegistry } from './node-registry';
import { RedisRoomDirectory } from './room-directory';
import { parseHolder } from './node-identity';

/**
 * Issue 12, "The failover lesson": a drained node hands its rooms over (saved, lease released)
 * instead of crashing; nobody loses their seat or score, the room ticks on from where it was,
 * and the players on other nodes never notice.
 */
const onCleanup = cleanupAfterEach();
const log = createLogger('silent', 'node-drain-test');
const JWT_SECRET = 'node-drain-test-shared-secret-0123456789abcdef';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

async function clusterNode(nodeId: string): Promise<GameNode> {
  const node = await startTestNode({ nodeId, redisUrl: redis.url, jwtSecret: JWT_SECRET, resumeGraceMs: 30_000 });
  onCleanup(() => node.stop());
  return node;
}

function player(url: string): GameConnection {
  const c = new GameConnection({ url });
  onCleanup(() => c.close());
  return c;
}

describe('draining a node', () => {
  it('hands each room over at once: seats, scores and the tick carry on; players elsewhere never drop', async () => {
    const a = await clusterNode('drain-a');
    const b = await clusterNode('drain-b');
    const commands = createRedisConnection({ url: redis.url }, log, 'test');
    await commands.connect();
    onCleanup(() => commands.close());
    const directory = new RedisRoomDirectory(commands);
    const balancer = await startBalancer({ registry: new RedisNodeRegistry(commands), roomDirectory: directory, strategy: StrategyName.RoomAffinity, log, pollIntervalMs: 100 });
    onCleanup(() => balancer.stop());

    const code = await createRoom(a);
    // One player reaches the room through the balancer (room affinity: onto its owner), one
    // sits on the other node, its inputs relayed to the owner.
    const onOwner = player(balancer.url);
    const ownerWelcome = await onOwner.join(code, 'OnOwner');
    expect(ownerWelcome.nodeId).toBe('drain-a');
    const elsewhere = player(b.url);
    const elsewhereWelcome = await elsewhere.join(code, 'Elsewhere');
    expect(elsewhereWelcome.ownerNodeId).toBe('drain-a');
    let elsewhereDrops = 0;
    elsewhere.on('connectionLost', () => elsewhereDrops++);
    await waitFor('both synced', () => onOwner.decoder?.synced === true && elsewhere.decoder?.synced === true);

    const room = a.rooms.get(code)!;
    room.world.score[ownerWelcome.playerId] = 300;
    room.world.score[elsewhereWelcome.playerId] = 200;
    await waitFor('the scores on both screens', () => onOwner.decoder!.state.score[elsewhereWelcome.playerId] === 200 && elsewhere.decoder!.state.score[ownerWelcome.playerId] === 300);

    const drainedAt = performance.now();
    const report = await a.drain();
    const tickAtDrain = room.world.tick;
    expect(report).toEqual({ handedOver: [code], failed: [], seats: 2 });
    expect(a.rooms.size).toBe(0);
    // The lease is given up, not left to lapse: nobody holds it, or the other node already does.
    const holder = await directory.holderOf(code);
    expect(holder === null || parseHolder(holder).nodeId === 'drain-b').toBe(true);

    await waitFor('the room ticking on the other node', () => (b.rooms.get(code)?.world.tick ?? 0) > tickAtDrain, 10_000);
    const tickingAfterMs = performance.now() - drainedAt;
    const taken = b.rooms.get(code)!;
    expect(taken.world.score[ownerWelcome.playerId]).toBe(300);
    expect(taken.world.score[elsewhereWelcome.playerId]).toBe(200);

    // The drained node's player reconnects through the balancer and resumes its seat there.
    await waitFor('the owner\'s player resumed on the other node', () => onOwner.connected && onOwner.welcome?.nodeId === 'drain-b', 15_000);
    expect(onOwner.welcome!.playerId).toBe(ownerWelcome.playerId);
    expect(onOwner.welcome!.resumeToken).toBe(ownerWelcome.resumeToken);
    expect(onOwner.welcome!.ownerNodeId).toBe('drain-b');
    await waitFor('its replica synced again', () => onOwner.decoder?.synced === true && onOwner.decoder.state.tick > tickAtDrain);
    expect(onOwner.decoder!.state.score[ownerWelcome.playerId]).toBe(300);

    // The player on the other node kept its connection: the room came to it.
    await waitFor('a second more of play for the player elsewhere', () => elsewhere.decoder!.state.tick > tickAtDrain + 30, 10_000);
    expect(elsewhereDrops).toBe(0);
    expect(elsewhere.playerId).toBe(elsewhereWelcome.playerId);
    expect(elsewhere.decoder!.state.score[elsewhereWelcome.playerId]).toBe(200);
    expect(taken.world.active[ownerWelcome.playerId] + taken.world.active[elsewhereWelcome.playerId]).toBe(2);
    expect(b.cluster.takeovers).toBe(1);
    process.stdout.write(`drain: room ticking on the other node ${Math.round(tickingAfterMs)} ms after the drain began\n`);
  }, 40_000);

  it("the teacher's bots move with the room and play on there, seats and scores kept", async () => {
    const a = await clusterNode('bots-a');
    const b = await clusterNode('bots-b');
    const created = await fetch(`${a.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code, teacherToken } = (await created.json()) as { code: string; teacherToken: string };
    const teacher = { 'content-type': 'application/json', authorization: `Bearer ${teacherToken}` };
    expect((await fetch(`${a.url}/api/rooms/${code}/bots`, { method: 'POST', headers: teacher, body: JSON.stringify({ add: 2 }) })).status).toBe(200);
    type View = { owner: string; bots: number; players: { id: number; bot: boolean; connected: boolean; score: number }[] };
    const view = async (url: string) => (await (await fetch(`${url}/api/rooms/${code}/teacher`, { headers: teacher })).json()) as View;
    await waitFor('two bots playing on the owner', async () => (await view(a.url)).players.filter((p) => p.bot && p.connected).length === 2, 15_000, 100);
    const room = a.rooms.get(code)!;
    const slots = [...room.serverBots];
    room.world.score[slots[0]] = 120;

    await a.drain();
    await waitFor('the room on the other node', () => b.rooms.get(code) !== undefined, 10_000);
    // The other node runs the bots on: each resumed its own seat (no new players, no ghosts).
    await waitFor('both bots connected again, on the new owner', async () => {
      const v = await view(b.url);
      return v.owner === 'bots-b' && v.players.filter((p) => p.bot && p.connected).length === 2;
    }, 20_000, 100);
    const after = await view(b.url);
    expect(after.bots).toBe(2);
    expect(after.players.filter((p) => p.bot).map((p) => p.id).sort()).toEqual([...slots].sort());
    expect(after.players.find((p) => p.id === slots[0])!.score).toBeGreaterThanOrEqual(120);
    const taken = b.rooms.get(code)!;
    // Inputs go out when the buttons change plus a keep-alive (protocol 2): a few a second.
    await waitFor('the bots driving on the new owner', () => taken.world.ackSeq[slots[0]] > room.world.ackSeq[slots[0]] + 3, 15_000);
    // Their inputs go on from the seat's last one: not a single one refused as out of order.
    expect(b.stats.socketsCutOff).toBe(0);
    expect(b.stats.rejectsByCode.get('PROTO_SEQ_NOT_FORWARD') ?? 0).toBe(0);
  }, 40_000);

  it('while nodes race to take a drained room over, none answers that the room does not exist', async () => {
    const a = await clusterNode('race-a');
    const b = await clusterNode('race-b');
    const c = await clusterNode('race-c');
    const code = await createRoom(a);
    await waitFor('the others see the room on its owner', async () => (await b.cluster.locate(code)).kind === 'remote' && (await c.cluster.locate(code)).kind === 'remote');
    const answers: string[] = [];
    let draining = true;
    // Both others ask where the room is, again and again, while it changes hands.
    const asking = [b, c].map(async (n) => {
      while (answers.length < 5000 && (draining || (b.rooms.get(code) === undefined && c.rooms.get(code) === undefined))) {
        answers.push((await n.cluster.locate(code)).kind);
        // A local answer needs no I/O: yield, or this loop would starve the drain it watches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    await a.drain();
    draining = false;
    await Promise.race([Promise.all(asking), new Promise((_, reject) => setTimeout(() => reject(new Error('the room was never taken over')), 10_000))]);
    expect(answers.length).toBeGreaterThan(2);
    expect(answers).not.toContain('missing');
    expect(Number(b.rooms.get(code) !== undefined) + Number(c.rooms.get(code) !== undefined)).toBe(1);
  }, 40_000);

  it('on a single node a drain is a stop: nothing to hand over', async () => {
    const n = await startTestNode({ nodeId: 'lonely' });
    expect(await n.drain()).toBeNull();
    expect(n.loop.isRunning).toBe(false);
    await expect(fetch(`${n.url}/healthz`)).rejects.toThrow();
  });
});
