import { describe, expect, it } from 'vitest';
import { chooseJoinAddress, joinUrl, type JoinInfo } from './join-address';

const info = (over: Partial<JoinInfo> = {}): JoinInfo => ({ publicUrl: null, lanAddresses: ['192.168.1.23', '10.0.0.5'], teacherPasswordRequired: false, ...over });
const at = (hostname: string, port = '3000', protocol = 'http:') => ({ protocol, hostname, port });

describe('chooseJoinAddress', () => {
  it('uses PUBLIC_URL whenever it is set, wherever the console was opened', () => {
    for (const host of ['localhost', '192.168.1.23', 'teacher.example']) {
      const a = chooseJoinAddress(at(host), info({ publicUrl: 'https://roundtrip.school.example/' }));
      expect(a.base).toBe('https://roundtrip.school.example');
      expect(a.reason).toBe('public-url');
    }
  });

  it('keeps the address the console was opened at when others can reach it', () => {
    expect(chooseJoinAddress(at('192.168.1.23'), info())).toMatchObject({ base: 'http://192.168.1.23:3000', reason: 'opened-at' });
    expect(chooseJoinAddress(at('class.example', '', 'https:'), info())).toMatchObject({ base: 'https://class.example', reason: 'opened-at' });
  });

  it.each(['localhost', '127.0.0.1', '127.0.1.1', '::1', '[::1]'])('swaps loopback %s for the first network address, same scheme and port', (host) => {
    const a = chooseJoinAddress(at(host, '8080'), info());
    expect(a).toEqual({ base: 'http://192.168.1.23:8080', reason: 'lan', openedAt: expect.stringContaining(':8080'), alternatives: ['http://10.0.0.5:8080'] });
  });

  it('says so when opened at loopback and the machine has no network address (or the API did not answer)', () => {
    expect(chooseJoinAddress(at('localhost'), info({ lanAddresses: [] }))).toMatchObject({ base: 'http://localhost:3000', reason: 'loopback-only' });
    expect(chooseJoinAddress(at('127.0.0.1'), null)).toMatchObject({ base: 'http://127.0.0.1:3000', reason: 'loopback-only' });
    // Without the API, a reachable opened address still works.
    expect(chooseJoinAddress(at('192.168.1.23'), null)).toMatchObject({ base: 'http://192.168.1.23:3000', reason: 'opened-at' });
  });

  it('builds the join link with the room code', () => {
    expect(joinUrl(chooseJoinAddress(at('localhost'), info()), 'K7QX2M')).toBe('http://192.168.1.23:3000/?room=K7QX2M');
  });
});
