import type { IncomingMessage } from 'node:http';

/** The engine.io handshake body starts `0{"sid":"…"`; it is in the first few hundred bytes. */
const SID_PATTERN = /"sid":"([A-Za-z0-9_-]{1,64})"/;
const MAX_SNIFF_BYTES = 2048;

/**
 * Reads the engine.io session id from a polling handshake response as it streams past to the
 * client (an extra 'data' listener: the proxy's pipe still gets every chunk). Calls `done`
 * once, with the sid or with null (compressed body, error, or no sid).
 */
export function sniffHandshakeSid(response: IncomingMessage, done: (sid: string | null) => void): void {
  if (response.headers['content-encoding'] !== undefined || (response.statusCode ?? 0) !== 200) {
    done(null);
    return;
  }
  let text = '';
  let finished = false;
  const finish = (sid: string | null) => {
    if (finished) return;
    finished = true;
    response.off('data', onData);
    done(sid);
  };
  const onData = (chunk: Buffer) => {
    text += chunk.toString('latin1');
    const match = SID_PATTERN.exec(text);
    if (match !== null) finish(match[1]);
    else if (text.length > MAX_SNIFF_BYTES) finish(null);
  };
  response.on('data', onData);
  response.once('end', () => finish(null));
  response.once('close', () => finish(null));
  response.once('error', () => finish(null));
}
