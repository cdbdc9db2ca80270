import { describe, expect, it } from 'vitest';
import { GameConnection } from '../../client/net/game-connection';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';
import { bareLink } from '../seats/seat-registry';
import { SocketLink } from './socket-link';

const onCleanup = cleanupAfterEach();

describe('the snapshot write path (issue #11)', () => {
  it('a WebSocket player gets snapshots written straight to its socket; a long-polling one through engine.io; both decode every one', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const code = await createRoom(node);
    const ws = new GameConnection({ url: node.url });
    const polling = new GameConnection({ url: node.url, transports: ['polling'] });
    onCleanup(() => ws.close());
    onCleanup(() => polling.close());
    const wsWelcome = await ws.join(code, 'Wes');
    const pollWelcome = await polling.join(code, 'Polly');
    await waitFor('snapshots on both', () => ws.snapshotsReceived > 30 && polling.snapshotsReceived > 30);
    const linkOf = (slot: number) => {
      const link = node.seats.at(code, slot)?.link;
      const bare = link === null || link === undefined ? null : bareLink(link);
      if (!(bare instanceof SocketLink)) throw new Error('no socket link in the seat');
      return bare;
    };
    const wsLink = linkOf(wsWelcome.playerId);
    const pollLink = linkOf(pollWelcome.playerId);
    expect(wsLink.directWrites).toBeGreaterThanOrEqual(30);
    // Only while engine.io still held something back (the welcome's keyframe, say).
    expect(wsLink.engineWrites).toBeLessThan(wsLink.directWrites / 10);
    expect(pollLink.directWrites).toBe(0);
    expect(pollLink.engineWrites).toBeGreaterThanOrEqual(30);
    expect(ws.decodeErrors).toBe(0);
    expect(polling.decodeErrors).toBe(0);
    // Both replicas agree with the server's world.
    const room = node.rooms.get(code)!;
    await waitFor('the same tick on both', () => ws.decoder!.state.tick === polling.decoder!.state.tick && ws.decoder!.state.tick > 0);
    expect(ws.decoder!.state.px[wsWelcome.playerId]).toBe(room.world.px[wsWelcome.playerId]);
  });
});
