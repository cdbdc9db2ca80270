import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isPrivateIpv4, lanAddresses, type InterfaceTable } from './lan-addresses';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 });

describe('lanAddresses', () => {
  it('lists physical private addresses first, then public, then virtual bridges; never loopback or link-local', () => {
    const table: InterfaceTable = {
      lo: [v4('127.0.0.1', true), { ...v6('::1'), internal: true }],
      docker0: [v4('172.17.0.1')],
      eth0: [v4('203.0.113.7'), v6('2001:db8::7')],
      wlan0: [v4('192.168.1.23'), v6('fe80::1')],
      enp3s0: [v4('169.254.10.2')],
      tailscale0: [v4('100.101.102.103')],
    };
    expect(lanAddresses(table)).toEqual(['192.168.1.23', '203.0.113.7', '172.17.0.1', '100.101.102.103']);
  });

  it('keeps the system order among equals and drops duplicates', () => {
    expect(lanAddresses({ en0: [v4('10.0.0.5')], en1: [v4('192.168.0.9'), v4('10.0.0.5')] })).toEqual(['10.0.0.5', '192.168.0.9']);
  });

  it('is empty on a machine with only loopback', () => {
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([]);
  });
});

describe('isLoopbackHost / isPrivateIpv4', () => {
  it.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['192.168.1.23', '10.0.0.1', 'class.example', '128.0.0.1', 'localhost.example.com', '::2'])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
  it('knows the RFC 1918 ranges', () => {
    expect(['10.1.1.1', '172.16.0.1', '172.31.255.1', '192.168.0.1'].every(isPrivateIpv4)).toBe(true);
    expect(['172.15.0.1', '172.32.0.1', '192.169.0.1', '8.8.8.8', '100.64.0.1'].some(isPrivateIpv4)).toBe(false);
  });
});
