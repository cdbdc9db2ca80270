import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as io45 } from 'sio-client-45';
import { io as io46 } from 'sio-client-46';
import { io as io47 } from 'sio-client-47';
import { io as io48 } from 'socket.io-client';
import type { GameNode } from '../../server/game-node';
import { createRoom, startTestNode } from '../../server/test-support/start-test-node';
import { ControlEvent, type WelcomeMessage } from '../../shared/protocol/control-messages';
import { SnapshotDecoder } from '../../shared/protocol/snapshot-decoder';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import { handshakeAuth, parserOption, type WireParserKind } from '../../shared/protocol/wire-parser-kind';

/** The part of a socket.io-client Socket (any 4.x minor) this test uses. */
interface MinimalSocket {
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}
type Connect = (url: string, options: Record<string, unknown>) => MinimalSocket;

/** Each installed client minor, under its npm alias (package.json devDependencies). */
const CLIENTS: [string, Connect][] = [
  ['4.5.4', io45 as unknown as Connect],
  ['4.6.2', io46 as unknown as Connect],
  ['4.7.5', io47 as unknown as Connect],
  ['4.8 (ours)', io48 as unknown as Connect],
];

/** Joins a room with a raw client of that version; resolves with the welcome and the first binary keyframe byte. */
function joinWith(connect: Connect, url: string, code: string, kind: WireParserKind): Promise<{ welcome: WelcomeMessage; keyframe: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: handshakeAuth(kind), ...parserOption(kind) });
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('no welcome and keyframe within 5 s'));
    }, 5000);
    let welcome: WelcomeMessage | null = null;
    socket.on('connect', () => socket.emit(ControlEvent.Join, { v: PROTOCOL_VERSION, code, name: 'Compat' }));
    socket.on('connect_error', ((error: Error) => reject(error)) as (...args: never[]) => void);
    socket.on(ControlEvent.Welcome, ((w: WelcomeMessage) => (welcome = w)) as (...args: never[]) => void);
    socket.on(BINARY_EVENT, ((bytes: Uint8Array | ArrayBuffer) => {
      const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
      if (welcome === null) return;
      clearTimeout(timer);
      socket.disconnect();
      resolve({ welcome, keyframe: view.slice() });
    }) as (...args: never[]) => void);
  });
}

describe.each([['custom'], ['default']] as [WireParserKind][])('socket.io-client 4.x minors against a WIRE_PARSER=%s node', (kind) => {
  let node: GameNode;
  beforeAll(async () => {
    node = await startTestNode({ wireParser: kind });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it.each(CLIENTS)('socket.io-client %s connects, joins a room and decodes the keyframe', async (_version, connect) => {
    const code = await createRoom(node);
    const { welcome, keyframe } = await joinWith(connect, node.url, code, kind);
    expect(welcome.room).toBe(code);
    const decoder = new SnapshotDecoder(welcome.maxPlayers, welcome.houseCount);
    expect(decoder.apply(keyframe)).toMatchObject({ ok: true, keyframe: true });
  });
});
