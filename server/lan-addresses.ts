import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isLoopbackHost } from '../shared/loopback-host';

export { isLoopbackHost };

/** os.networkInterfaces()'s shape, injectable for tests. */
export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * Interfaces a phone on the classroom Wi-Fi is unlikely to reach: container and VM bridges,
 * VPN tunnels. Listed last rather than dropped: on some machines they are all there is.
 */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|tun|tap|wg|zt|tailscale|utun|lxc|lxd|cni|flannel|podman)/i;

/**
 * This machine's IPv4 addresses that other machines on the network can use, best first:
 * physical interfaces before virtual ones, private ranges (RFC 1918: school and home networks)
 * before the rest. IPv4 only: a QR code with an IPv6 literal is long, and not every school
 * network routes IPv6. Loopback and link-local (169.254/16, no DHCP) addresses never reach
 * another device, so they are left out.
 */
export function lanAddresses(table: InterfaceTable = networkInterfaces()): string[] {
  const found: { address: string; rank: number }[] = [];
  for (const [name, infos] of Object.entries(table)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || isLoopbackHost(info.address) || info.address.startsWith('169.254.')) continue;
      const rank = (VIRTUAL_INTERFACE.test(name) ? 2 : 0) + (isPrivateIpv4(info.address) ? 0 : 1);
      if (!found.some((f) => f.address === info.address)) found.push({ address: info.address, rank });
    }
  }
  // Stable: equal ranks keep the operating system's interface order.
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.address);
}

/** 10/8, 172.16/12, 192.168/16. */
export function isPrivateIpv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
