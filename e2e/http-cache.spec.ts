import { get } from 'node:http';
import { expect, test } from './support/fixtures';

function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

test('built assets are immutable, index.html revalidates with an ETag, the favicon exists', async ({ serverUrl }) => {
  const index = await fetch(`${serverUrl}/`);
  expect(index.status).toBe(200);
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const etag = index.headers.get('etag');
  expect(etag).toBeTruthy();
  const html = await index.text();
  // node:http, not fetch: fetch adds `cache-control: no-cache` to a request carrying
  // If-None-Match (Fetch spec, HTTP-network-or-cache fetch), and then a server must not say 304.
  // The same representation: the ETag belongs to the encoding the server chose (br, gzip or
  // none, static-client.ts), and another encoding is another representation with its own.
  const encoding = index.headers.get('content-encoding') ?? 'identity';
  expect(index.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
  expect(await statusOf(`${serverUrl}/`, { 'if-none-match': etag ?? '', 'accept-encoding': encoding })).toBe(304);

  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(0);
  for (const asset of assets) {
    expect(asset).toMatch(/-[\w-]{8}\.(js|css)$/);
    const response = await fetch(`${serverUrl}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  }
  const favicon = await fetch(`${serverUrl}/favicon.svg`);
  expect(favicon.status).toBe(200);
  expect(favicon.headers.get('content-type')).toContain('svg');
});
