/**
 * The shapes of engine.io's connection and ws's WebSocket that the snapshot fast path reads.
 * These are not public API (engine.io itself reaches into ws the same way for pre-encoded
 * frames: transports/websocket.js, `socket._sender.sendFrame`); each field is checked before
 * use, and anything unexpected falls back to engine.io's own write.
 */
interface RawWebSocket {
  readyState: number;
  listeners(event: 'message'): ((...args: unknown[]) => void)[];
  removeListener(event: 'message', listener: (...args: unknown[]) => void): unknown;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  _socket?: { write(data: Buffer): boolean; writable: boolean } | null;
  _sender?: { _queue?: unknown[] } | null;
}

export interface EngineConnection {
  write(data: string | Buffer, options?: object): void;
  close(): void;
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: { name: string; socket?: RawWebSocket };
}

const WS_OPEN = 1;

/**
 * The TCP socket of an engine.io connection when bytes written to it right now keep their
 * order with everything sent before: the connection is open on WebSocket, not upgrading,
 * engine.io holds nothing back (writeBuffer empty: whatever it sent is already in the socket's
 * stream) and ws has nothing queued (no deflate or blob in progress). Otherwise null, and the
 * caller writes through engine.io.
 *
 * Why (issue #11): per socket and tick, engine.io's write builds a packet object, emits four
 * events, allocates the next buffer and runs a completion callback chain on every write; a
 * profile at 200 players put the broadcast at 42 % and the write completions at 9 % of the
 * node's busy time. The pre-built frame written straight to the socket costs what a bare ws
 * server's send costs, one write() of shared bytes.
 */
export function directSocket(conn: EngineConnection): { write(data: Buffer): boolean } | null {
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length !== 0) return null;
  const transport = conn.transport;
  if (transport.name !== 'websocket') return null;
  const ws = transport.socket;
  if (ws === undefined || ws.readyState !== WS_OPEN) return null;
  const queue = ws._sender?._queue;
  if (queue === undefined || queue.length !== 0) return null;
  const raw = ws._socket;
  return raw !== undefined && raw !== null && raw.writable ? raw : null;
}

/**
 * Takes a WebSocket connection's binary messages before engine.io and socket.io see them, and
 * hands each straight to `handle`; text messages (control events, heartbeats) go on to
 * engine.io as before. With our parser a binary message IS the socket.io event ('b', bytes),
 * so nothing is skipped but the layers: engine.io's packet object and three events, socket.io's
 * data handler, decoder and dispatch (issue #11: the receive path cost four times what a bare
 * ws server's does; inputs, pings and pongs are all binary). ws still enforces the size limit.
 * A throw in `handle` (a malformed frame) closes that one connection, as socket.io does for a
 * parse error. Returns false, changing nothing, when the connection is not a plain WebSocket.
 */
export function takeBinaryMessages(conn: EngineConnection, handle: (bytes: Uint8Array) => void): boolean {
  const transport = conn.transport;
  if (transport.name !== 'websocket') return false;
  const ws = transport.socket;
  if (ws === undefined || typeof ws.listeners !== 'function') return false;
  const engineListeners = ws.listeners('message');
  if (engineListeners.length !== 1) return false;
  const toEngine = engineListeners[0];
  ws.removeListener('message', toEngine);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      toEngine(data, isBinary);
      return;
    }
    try {
      handle(data);
    } catch {
      conn.close();
    }
  });
  return true;
}
