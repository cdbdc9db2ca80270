import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStaticClient } from './static-client';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch sets Accept-Encoding itself and decodes the body. */
function get(base: string, pathname: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(pathname, base), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const varyOf = (a: Answer) => String(a.headers.vary ?? '').toLowerCase();

describe('static client: precompressed assets', () => {
  let dir: string;
  let app: FastifyInstance;
  let base: string;
  // Big and repetitive enough that both encodings clearly shrink it.
  const script = Buffer.from(`export const lines = [${Array.from({ length: 400 }, (_, i) => `"line ${i % 17}"`).join(',')}];\n`);
  const page = Buffer.from(`<!doctype html><html><head><script type="module" src="/assets/app-Ab12Cd34.js"></script></head><body>${'<p>hello</p>'.repeat(50)}</body></html>`);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'roundtrip-static-'));
    mkdirSync(path.join(dir, 'assets'));
    for (const [file, body] of [
      ['index.html', page],
      ['assets/app-Ab12Cd34.js', script],
    ] as const) {
      writeFileSync(path.join(dir, file), body);
      writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(body));
      writeFileSync(path.join(dir, `${file}.gz`), gzipSync(body));
    }
    // An asset the build found not worth compressing: no siblings.
    writeFileSync(path.join(dir, 'assets/tiny-Zz99Yy88.css'), 'a{}');
    app = Fastify();
    expect(await registerStaticClient(app, dir)).toBe(true);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives br to a client that accepts br, with Vary and the immutable policy kept', async () => {
    const a = await get(base, '/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(a.status).toBe(200);
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.headers['content-type']).toMatch(/javascript/);
    expect(varyOf(a)).toContain('accept-encoding');
    expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(a.headers['content-length'])).toBe(a.body.length);
    expect(a.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(a.body).equals(script)).toBe(true);
  });

  it('gives gzip to a client that accepts only gzip (or refuses br)', async () => {
    for (const acceptEncoding of ['gzip', 'br;q=0, gzip']) {
      const a = await get(base, '/assets/app-Ab12Cd34.js', { 'accept-encoding': acceptEncoding });
      expect(a.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expect(varyOf(a)).toContain('accept-encoding');
      expect(gunzipSync(a.body).equals(script)).toBe(true);
    }
  });

  it('gives the original bytes to a client that accepts no encoding', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const a = await get(base, '/assets/app-Ab12Cd34.js', headers);
      expect(a.status).toBe(200);
      expect(a.headers['content-encoding']).toBeUndefined();
      expect(varyOf(a)).toContain('accept-encoding');
      expect(a.body.equals(script)).toBe(true);
    }
  });

  it('compresses the page at / too, which keeps revalidating, and 304s its variant by ETag', async () => {
    const a = await get(base, '/', { 'accept-encoding': 'br' });
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.headers['content-type']).toMatch(/text\/html/);
    expect(a.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(a.body).equals(page)).toBe(true);
    const etag = String(a.headers.etag);
    const again = await get(base, '/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    // The gzip variant is another representation: the br ETag does not match it.
    const gz = await get(base, '/', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('serves a file without compressed siblings as it is, even to a br client', async () => {
    const a = await get(base, '/assets/tiny-Zz99Yy88.css', { 'accept-encoding': 'br, gzip' });
    expect(a.status).toBe(200);
    expect(a.headers['content-encoding']).toBeUndefined();
    expect(a.body.toString()).toBe('a{}');
    expect(varyOf(a)).toContain('accept-encoding');
  });
});
