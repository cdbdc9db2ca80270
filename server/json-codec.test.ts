import { afterEach, describe, expect, it } from 'vitest';
import { BotPlayer } from '../bots/bot-player';
import { NETWORKED_FIELD_NAMES } from '../shared/sim/player-fields';
import { createRoom, startTestNode } from './test-support/start-test-node';
import { waitFor } from './test-support/wait-for';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('SNAPSHOT_CODEC=json (the naive baseline)', () => {
  it('a bot plays against a JSON node and its replica matches the server world', async () => {
    const node = await startTestNode({ snapshotCodec: 'json', roundSeconds: 60 });
    cleanups.push(() => node.stop());
    const code = await createRoom(node);
    const bot = new BotPlayer({ url: node.url, name: 'Jay' });
    cleanups.push(() => bot.stop());
    const welcome = await bot.join(code);
    expect(welcome.snapshotCodec).toBe('json');
    const room = node.rooms.get(code)!;
    const self = welcome.playerId;
    await waitFor('the bot riding and its inputs echoed', () => bot.echoMs.length > 5 && room.world.px[self] !== bot.connection.decoder!.state.px[self] + 1);

    // Stop the world between ticks and compare field by field once the last state arrived.
    room.locked = true;
    const connection = bot.connection;
    await waitFor('the replica to reach a state at the server tick', () => connection.decoder!.state.tick >= room.world.tick - 1);
    node.loop.stop();
    await waitFor('the last state to arrive', () => connection.decoder!.state.tick === room.world.tick);
    const state = connection.decoder!.state;
    const world = room.world;
    expect(state.phase).toBe(world.phase);
    expect(state.round).toBe(world.round);
    for (const field of NETWORKED_FIELD_NAMES) {
      expect(Array.from(state[field]), field).toEqual(Array.from(world[field]));
    }
    expect(Array.from(state.orderExpireTick)).toEqual(Array.from(world.orderExpireTick));
    expect(Array.from(state.orderPlacedTick)).toEqual(Array.from(world.orderPlacedTick));
    expect(connection.decodeErrors).toBe(0);
    // Bytes are counted from the JSON text, the way binary snapshots are counted.
    expect(connection.bytesIn).toBeGreaterThan(connection.snapshotsReceived * 50);
  });
});
