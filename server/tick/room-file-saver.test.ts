import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotPlayer } from '../../bots/bot-player';
import { GameConnection } from '../../client/net/game-connection';
import { startNodeProcess } from '../process/node-process';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { waitFor } from '../test-support/wait-for';

const onCleanup = cleanupAfterEach();


describe('a single node that crashes (issue #13)', () => {
  it('kill -9 loses at most about a second: the next start restores the room and its players resume', async () => {
    const stateFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'roundtrip-crash-')), 'rooms.json');
    const first = await startNodeProcess({ ROOM_STATE_FILE: stateFile });
    onCleanup(() => first.kill());
    const response = await fetch(`${first.url}/api/rooms`, { method: 'POST' });
    const { code } = (await response.json()) as { code: string };
    const player = new BotPlayer({ url: first.url, name: 'Crashy', quirk: 0 });
    onCleanup(() => player.stop());
    const welcome = await player.join(code);
    const id = welcome.playerId;
    const watcher = new GameConnection({ url: first.url });
    onCleanup(() => watcher.close());
    await watcher.join(code, 'Watcher');
    await waitFor('the bot riding', () => (watcher.decoder?.state.speed[id] ?? 0) !== 0);
    // The bot drops: its scooter stays, parked, and slows to a stop.
    player.stop();
    await waitFor('the parked scooter at rest', () => watcher.decoder!.state.connected[id] === 0 && watcher.decoder!.state.speed[id] === 0);
    const parked = { px: watcher.decoder!.state.px[id], py: watcher.decoder!.state.py[id], tick: watcher.decoder!.state.tick };
    // Two more periodic saves (the file is rewritten about every second), then the crash.
    await waitFor('the first periodic save', async () => (await stat(stateFile).catch(() => null)) !== null, 5000);
    for (let i = 0; i < 2; i++) {
      const savedAt = (await stat(stateFile)).mtimeMs;
      await waitFor('the next periodic save', async () => (await stat(stateFile)).mtimeMs > savedAt, 5000);
    }
    watcher.close();
    await first.kill();

    const second = await startNodeProcess({ ROOM_STATE_FILE: stateFile });
    onCleanup(() => second.kill());
    const info = (await (await fetch(`${second.url}/api/rooms/${code}`)).json()) as { players?: number };
    expect(info.players).toBe(2);
    const back = new GameConnection({ url: second.url });
    onCleanup(() => back.close());
    const again = await back.resume(welcome.resumeToken);
    expect(again.playerId).toBe(id);
    expect(again.room).toBe(code);
    await waitFor('a snapshot of the restored room', () => back.decoder?.synced === true && back.decoder.state.tick > parked.tick);
    // The scooter is where the crash left it, exactly: the room came back, not a new one.
    expect(back.decoder!.state.px[id]).toBe(parked.px);
    expect(back.decoder!.state.py[id]).toBe(parked.py);
  }, 40_000);
});
