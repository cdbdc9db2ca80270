import { request as httpRequest } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The error code of a JSON error body, when there is one. */
  code: string | undefined;
}

export interface RequestFromOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One HTTP request sent from a given loopback source address (127.0.0.2, …), as a client behind
 * another network would be: the node's per-address limits see a different address.
 */
export function requestFrom(localAddress: string, url: string, options: RequestFromOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body;
    const headers = { ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers };
    const req = httpRequest(url, { localAddress, method: options.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let code: string | undefined;
        try {
          const parsed = JSON.parse(text) as { error?: { code?: unknown } };
          code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, code });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const postFrom = (localAddress: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  requestFrom(localAddress, url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers });
