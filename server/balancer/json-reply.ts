import type { ServerResponse } from 'node:http';

/** The balancer's own answers: JSON, never cached, errors as { error: { code, message } }. */
export function apiError(code: string, message: string) {
  return { error: { code, message } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
