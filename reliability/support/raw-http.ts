import net from 'node:net';

export interface RawHttpAnswer {
  /** Status code, or 0 when the connection closed without an answer. */
  status: number;
  body: string;
  closedAfterMs: number;
}

/**
 * Sends bytes as given (fetch would normalise `..`, reject a null byte or cap headers) and
 * reads the first response. Resolves when the server closes or `timeoutMs` passes.
 */
export function rawHttp(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawHttpAnswer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.\d (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4), closedAfterMs: performance.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      // One response is enough: stop at its end when it declares a length.
      const length = Number(/content-length: (\d+)/i.exec(data)?.[1] ?? NaN);
      const head = data.indexOf('\r\n\r\n');
      if (head >= 0 && Number.isFinite(length) && data.length >= head + 4 + length) finish();
    });
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.write(request);
  });
}
