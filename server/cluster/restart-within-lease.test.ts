import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { startNodeProcess, type NodeProcess } from '../process/node-process';
import { startRedis, type RedisProcess } from '../process/redis-server';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const onCleanup = cleanupAfterEach();
const JWT_SECRET = 'restart-within-lease-test-secret-0123456789';

function bot(url: string, name: string, quirk: number): BotPlayer {
  const player = new BotPlayer({ url, name, quirk });
  onCleanup(() => player.stop());
  return player;
}

describe('the owner crashes and a supervisor restarts it at once, under the same id (issue #13)', () => {
  it("the new process takes its rooms back before its lease lapses; players on both nodes play on", async () => {
    const nodes: NodeProcess[] = [];
    onCleanup(() => Promise.all(nodes.map((n) => n.kill())));
    // A lease longer than any restart on a loaded machine: the restart is inside it every run,
    // so what is tested is the new process finding its own rooms, never a race with the lease.
    const env = { REDIS_URL: redis.url, JWT_SECRET, RESUME_GRACE_MS: '60000', LEASE_TTL_MS: '20000' };
    const owner = await startNodeProcess({ ...env, NODE_ID: 'node-1' });
    nodes.push(owner);
    nodes.push(await startNodeProcess({ ...env, NODE_ID: 'node-2' }));
    const other = nodes[1];
    const code = ((await (await fetch(`${owner.url}/api/rooms`, { method: 'POST' })).json()) as { code: string }).code;

    const onOwner = bot(owner.url, 'OnOwner', 0);
    const onOther = bot(other.url, 'OnOther', 1);
    const ownerWelcome = await onOwner.join(code);
    const otherWelcome = await onOther.join(code);
    await waitFor('both synced', () => onOwner.connection.decoder!.synced && onOther.connection.decoder!.synced);
    // Let the owner save a snapshot with both players in it.
    await waitFor('a saved snapshot with both', async () => {
      const info = (await (await fetch(`${other.url}/api/rooms/${code}`)).json()) as { players?: number };
      return info.players === 2;
    });

    const killedAt = performance.now();
    await owner.kill();
    // Back on the same port at once, well inside the 3 s lease of the dead process.
    const restarted = await startNodeProcess({ ...env, NODE_ID: 'node-1' }, { port: owner.port });
    nodes.push(restarted);
    const upAt = performance.now();
    const tickAtRestart = onOther.connection.decoder!.state.tick;
    // The player on the other node: its node follows the room to the new process.
    await waitFor('the room ticking again for the player on the other node', () => onOther.connection.decoder!.state.tick > tickAtRestart, 15_000);
    const tickingMs = performance.now() - upAt;
    await waitFor('a second of play for the player on the other node', () => onOther.connection.decoder!.state.tick > tickAtRestart + 30, 10_000);
    // The player on the owner reconnects to the restarted process and keeps its seat.
    await waitFor('the owner\'s player resumed', () => onOwner.connection.connected && onOwner.connection.welcome?.resumeToken === ownerWelcome.resumeToken, 15_000);
    expect(onOwner.playerId).toBe(ownerWelcome.playerId);
    expect(onOther.playerId).toBe(otherWelcome.playerId);
    const tickAfter = onOwner.connection.decoder!.state.tick;
    await waitFor('snapshots on the owner again', () => onOwner.connection.decoder!.state.tick > tickAfter + 30, 10_000);
    const info = (await (await fetch(`${other.url}/api/rooms/${code}`)).json()) as { owner?: string; players?: number };
    expect(info.owner).toBe('node-1');
    process.stdout.write(`restart within the lease: process up ${Math.round(upAt - killedAt)} ms after the kill, room ticking for the other node's player ${Math.round(tickingMs)} ms after that\n`);
  }, 60_000);
});
