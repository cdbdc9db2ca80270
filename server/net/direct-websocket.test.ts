import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { directSocket, takeBinaryMessages, type EngineConnection } from './direct-websocket';

/** An engine.io connection on a ws WebSocket, as far as these functions look at them. */
function connection(engineSeen: unknown[][]) {
  const ws = Object.assign(new EventEmitter(), {
    readyState: 1,
    _socket: { writable: true, written: [] as Buffer[], write(data: Buffer) { this.written.push(data); return true; } },
    _sender: { _queue: [] as unknown[] },
  });
  ws.on('message', (...args: unknown[]) => engineSeen.push(args));
  let closed = 0;
  const conn = {
    readyState: 'open',
    upgrading: false,
    writeBuffer: [] as unknown[],
    transport: { name: 'websocket', socket: ws },
    write() {},
    close() {
      closed++;
    },
  };
  return { ws, conn: conn as unknown as EngineConnection & typeof conn, closed: () => closed };
}

describe('the WebSocket fast paths (issue #11)', () => {
  it('binary messages go straight to the handler, text ones on to engine.io; a throw closes that connection', () => {
    const engineSeen: unknown[][] = [];
    const { ws, conn, closed } = connection(engineSeen);
    const taken: number[][] = [];
    expect(takeBinaryMessages(conn, (bytes) => {
      if (bytes[0] === 0) throw new Error('bad frame');
      taken.push([...bytes]);
    })).toBe(true);
    ws.emit('message', Buffer.from([3, 1]), true);
    ws.emit('message', Buffer.from('2["join",{}]'), false);
    expect(taken).toEqual([[3, 1]]);
    expect(engineSeen).toHaveLength(1);
    expect(engineSeen[0][1]).toBe(false);
    ws.emit('message', Buffer.from([0]), true);
    expect(closed()).toBe(1);
  });

  it('writes straight to the socket only when nothing is queued ahead', () => {
    const { conn } = connection([]);
    expect(directSocket(conn)).not.toBeNull();
    conn.writeBuffer.push({});
    expect(directSocket(conn)).toBeNull();
    conn.writeBuffer.length = 0;
    conn.upgrading = true;
    expect(directSocket(conn)).toBeNull();
    conn.upgrading = false;
    conn.transport.name = 'polling';
    expect(directSocket(conn)).toBeNull();
    expect(takeBinaryMessages(conn, () => undefined)).toBe(false);
  });
});
