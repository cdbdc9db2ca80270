import { describe, expect, it } from 'vitest';
import { clusterBanner, nodeBanner, type NodeBannerInput } from './banner';

const node = (over: Partial<NodeBannerInput> = {}): NodeBannerInput => ({
  localUrl: 'http://localhost:3000',
  host: '0.0.0.0',
  port: 3000,
  scheme: 'http',
  publicUrl: undefined,
  lanAddresses: ['192.168.1.23', '10.0.0.5'],
  signingKey: { kind: 'env' },
  ...over,
});

describe('nodeBanner', () => {
  it('names the local URL (harnesses read "running at"), the network addresses and the teacher link', () => {
    const text = nodeBanner(node());
    expect(text).toMatch(/running at (http:\/\/localhost:3000)\n/);
    expect(text).toContain('On the network:   http://192.168.1.23:3000   <- students open this');
    expect(text).toContain('                    http://10.0.0.5:3000\n');
    expect(text).toContain('Teacher console:  http://localhost:3000/teacher');
    expect(text).not.toContain('Sign-in key');
    // Plain text: no JSON log line mixed in.
    expect(text.split('\n').some((l) => l.trimStart().startsWith('{'))).toBe(false);
  });

  it('prefers PUBLIC_URL, and explains loopback-only listening and a machine without a network', () => {
    expect(nodeBanner(node({ publicUrl: 'https://roundtrip.school.example' }))).toContain('Students join at: https://roundtrip.school.example');
    expect(nodeBanner(node({ host: '127.0.0.1' }))).toContain('HOST=0.0.0.0');
    expect(nodeBanner(node({ lanAddresses: [] }))).toContain('none found');
  });

  it('words the development signing key as what it means, not as an alarm', () => {
    const text = nodeBanner(node({ signingKey: { kind: 'dev-file', file: '/tmp/roundtrip-dev-secret-3000', created: false } }));
    expect(text).toContain('development key kept in /tmp/roundtrip-dev-secret-3000');
    expect(text).toContain('fine on one computer');
    expect(text).not.toMatch(/warn/i);
  });
});

describe('clusterBanner', () => {
  it('gives one block: balancer, network address, teacher link, nodes, and whose Redis', () => {
    const text = clusterBanner({
      nodes: [
        { id: 'node-1', url: 'http://127.0.0.1:40001' },
        { id: 'node-2', url: 'http://127.0.0.1:40002' },
      ],
      strategy: 'ip-hash',
      port: 8080,
      host: '0.0.0.0',
      lanAddresses: ['192.168.1.23'],
      redis: { where: 'redis://127.0.0.1:41234', startedHere: true },
      signingKey: { kind: 'this-run' },
      adminToken: 'admin-token-of-this-run',
      nodeControl: true,
    });
    expect(text).toContain('Play:             http://localhost:8080');
    expect(text).toContain("authorization: Bearer admin-token-of-this-run");
    expect(text).toContain('http://192.168.1.23:8080   <- students open this');
    expect(text).toContain('Teacher console:  http://localhost:8080/teacher');
    expect(text).toContain('node-1 127.0.0.1:40001, node-2 127.0.0.1:40002');
    expect(text).toContain('Redis:            redis://127.0.0.1:41234  (a redis-server of this command');
    expect(text).toContain('made for this run');
    expect(text).toContain('Failover lesson:  drain, kill and start nodes from the teacher console');
  });
});
