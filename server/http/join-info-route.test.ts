import { describe, expect, it } from 'vitest';
import { lanAddresses } from '../lan-addresses';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { startTestNode } from '../test-support/start-test-node';
import type { JoinInfo } from './join-info-route';

const after = cleanupAfterEach();

async function nodeWith(overrides: Parameters<typeof startTestNode>[0]) {
  const node = await startTestNode(overrides);
  after(() => node.stop());
  return node;
}

describe('GET /api/join-info', () => {
  it('gives the machine network addresses, no public URL and no password by default, cacheably', async () => {
    const node = await nodeWith({});
    const response = await fetch(`${node.url}/api/join-info`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const body = (await response.json()) as JoinInfo;
    expect(body).toEqual({ publicUrl: null, lanAddresses: lanAddresses(), teacherPasswordRequired: false });
    // Revalidation: the same body has the same ETag, answered 304 without a body.
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${node.url}/api/join-info`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('says a teacher password is needed without ever saying it, and passes PUBLIC_URL on', async () => {
    const secret = 'correct horse battery staple';
    const node = await nodeWith({ teacherPassword: secret, publicUrl: 'https://roundtrip.school.example/' });
    const response = await fetch(`${node.url}/api/join-info`);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ publicUrl: 'https://roundtrip.school.example', teacherPasswordRequired: true });
    // Nothing beyond the three documented fields.
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['lanAddresses', 'publicUrl', 'teacherPasswordRequired']);
  });

  it('does not offer a loopback PUBLIC_URL as the join address', async () => {
    const node = await nodeWith({ publicUrl: 'http://127.0.0.1:4000' });
    const body = (await (await fetch(`${node.url}/api/join-info`)).json()) as JoinInfo;
    expect(body.publicUrl).toBeNull();
  });
});
